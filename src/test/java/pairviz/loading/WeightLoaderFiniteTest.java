package pairviz.loading;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pairviz.PairvizException;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/** Weights holding NaN or infinity are refused when loaded, naming the tensor. */
class WeightLoaderFiniteTest {
    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void nonFiniteValueIsRefusedNamingTheTensorAndIndex(float bad) {
        StateDict dict = StateDict.of(Map.of("ok", Tensor.of(new float[] {1, 2}, 2),
                "head.weight", Tensor.of(new float[] {0, 1, bad}, 3)));
        assertThatThrownBy(() -> WeightLoader.checkFinite(List.of("ok", "head.weight"), dict, "w.pth"))
                .isInstanceOf(PairvizException.class)
                .hasMessage("checkpoint w.pth has " + bad + " in tensor 'head.weight' (at index 2); "
                        + "a network with such weights computes nothing but NaN");
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.MAX_VALUE, -Float.MIN_VALUE, 0f})
    void finiteExtremesPass(float value) {
        StateDict dict = StateDict.of(Map.of("w", Tensor.of(new float[] {value}, 1)));
        assertThatCode(() -> WeightLoader.checkFinite(List.of("w"), dict, "w.pth")).doesNotThrowAnyException();
    }
}

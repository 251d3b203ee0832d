package pairviz.model.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pairviz.loading.EmbeddingModel;
import pairviz.model.Engines;
import pairviz.model.Module;
import pairviz.model.Trace;
import pairviz.loading.WeightLoader;
import pairviz.model.layers.BatchNorm2d;
import pairviz.model.resnet.ResNetV1Config.Block;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/** The ResNet v1 network and its BatchNorm on synthetic inputs with exact expected values. */
class ResNetV1Test {

    @Test
    void batchNormUsesTheRunningStatisticsPerChannel() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            BatchNorm2d bn = new BatchNorm2d(2);
            Map<String, Module.Slot> p = bn.namedParameters();
            p.get("weight").parameter().setArray(m.create(new float[] {2f, -1f}));
            p.get("bias").parameter().setArray(m.create(new float[] {0.5f, 3f}));
            p.get("running_mean").parameter().setArray(m.create(new float[] {1f, -2f}));
            p.get("running_var").parameter().setArray(m.create(new float[] {4f - BatchNorm2d.EPS, 0.25f - BatchNorm2d.EPS}));
            NDArray x = m.create(new float[] {1f, 5f, -2f, 0f}, new Shape(1, 2, 1, 2)); // channel 0: 1, 5; channel 1: -2, 0
            float[] y = bn.apply(new ParameterStore(m, false), x, false).toFloatArray();
            // channel 0: (x - 1) / 2 * 2 + 0.5; channel 1: (x + 2) / 0.5 * -1 + 3
            float[] want = {0.5f, 4.5f, 3f, -1f};
            for (int i = 0; i < 4; i++) {
                assertThat((double) y[i]).as("element %d", i).isCloseTo(want[i], within(1e-5));
            }
        }
    }

    @Test
    void resnet50HasTorchvisionsTensorNamesAndShapes() {
        Map<String, Module.Slot> p = ResNetV1Config.resnet50(128).newNetwork().namedParameters();
        assertThat(p).hasSize(267); // torchvision's 320 state-dict entries less 53 num_batches_tracked
        assertThat(p.get("conv1.weight").shape()).isEqualTo(new Shape(64, 3, 7, 7));
        assertThat(p.get("layer1.0.downsample.0.weight").shape()).isEqualTo(new Shape(256, 64, 1, 1));
        assertThat(p.get("layer3.5.conv2.weight").shape()).isEqualTo(new Shape(256, 256, 3, 3));
        assertThat(p.get("layer4.0.downsample.1.running_var").shape()).isEqualTo(new Shape(2048));
        assertThat(p.get("fc.weight").shape()).isEqualTo(new Shape(128, 2048));
        assertThat(p).doesNotContainKey("layer1.1.downsample.0.weight");
        Map<String, Module.Slot> rx = ResNetV1Config.torchvision(224, Block.BOTTLENECK, List.of(3, 4, 6, 3), 32, 4, null)
                .newNetwork().namedParameters();
        assertThat(rx.get("layer1.0.conv2.weight").shape()).as("resnext50_32x4d").isEqualTo(new Shape(128, 4, 3, 3));
        assertThat(rx.get("layer4.0.conv2.weight").shape()).isEqualTo(new Shape(1024, 32, 3, 3));
        assertThat(rx).doesNotContainKey("fc.weight");
    }

    @Test
    void theHeadAtEveryPositionThenPoolingIsTorchvisionsPoolingThenHead() {
        ResNetV1Config withHead = new ResNetV1Config(64, Block.BASIC, List.of(1, 1, 1, 1), 8, 4, 1, 64, 6);
        ResNetV1Config without = new ResNetV1Config(64, Block.BASIC, List.of(1, 1, 1, 1), 8, 4, 1, 64, null);
        Map<String, Tensor> all = new LinkedHashMap<>(WeightLoader.randomWeights(withHead.newNetwork(), 3).asMap());
        all.replaceAll((name, t) -> t.rank() == 4 ? he(t) : t); // std 0.02 would shrink the signal to nothing
        try (EmbeddingModel headed = EmbeddingModel.fromWeights(withHead, StateDict.of(all), "random")) {
            Map<String, Tensor> body = new LinkedHashMap<>(all);
            Tensor w = body.remove("fc.weight"); // [6, 32]
            body.remove("fc.bias");
            try (EmbeddingModel plain = EmbeddingModel.fromWeights(without, StateDict.of(body), "body");
                    NDManager m = headed.manager().newSubManager()) {
                NDArray x = m.randomNormal(new Shape(2, 3, 64, 64));
                Trace t = headed.trace(x);
                assertThat(t.alpha().getShape()).isEqualTo(new Shape(2, 4, 6)); // [B, N, E] on a 2 x 2 grid
                float[] beta = t.beta().toFloatArray(); // [2, 6]
                float[] pooled = plain.trace(x).beta().toFloatArray(); // [2, 32]
                double scale = 0;
                for (float v : beta) {
                    scale = Math.max(scale, Math.abs(v));
                }
                assertThat(scale).as("the random network's embeddings are not vanishingly small").isGreaterThan(1e-3);
                for (int i = 0; i < 2; i++) {
                    for (int e = 0; e < 6; e++) {
                        double fc = 0;
                        for (int c = 0; c < 32; c++) {
                            fc += (double) w.data()[e * 32 + c] * pooled[i * 32 + c];
                        }
                        assertThat((double) beta[i * 6 + e]).isCloseTo(fc, within(1e-5 * scale));
                    }
                }
            }
        }
    }

    /** A convolution [O, I, k, k] of std 0.02 rescaled to He's std sqrt(2 / fan in). */
    private static Tensor he(Tensor t) {
        double scale = Math.sqrt(2.0 / (t.dim(1) * t.dim(2) * t.dim(3))) / WeightLoader.RANDOM_STD;
        float[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= (float) scale;
        }
        return new Tensor(t.shape(), d);
    }

    @Test
    void badArchitecturesAreRefused() {
        assertThatThrownBy(() -> new ResNetV1Config(224, Block.BASIC, List.of(2, 2, 2, 2), 64, 64, 32, 4, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a basic block has groups 1");
        assertThatThrownBy(() -> new ResNetV1Config(200, Block.BASIC, List.of(2, 2, 2, 2), 64, 64, 1, 64, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 32");
        assertThatThrownBy(() -> new ResNetV1Config(224, Block.BASIC, List.of(2, 0), 64, 64, 1, 64, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one block");
    }
}

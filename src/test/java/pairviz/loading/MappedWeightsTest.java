package pairviz.loading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;
import pairviz.model.ModelConfig;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * A network whose weights come from a memory-mapped checkpoint (the engine's arrays over the
 * file's bytes) computes what the same weights copied into arrays compute, and a NaN among the
 * mapped values is still refused by name and index.
 */
class MappedWeightsTest {
    @TempDir
    Path tmp;

    private static final String FC1 = "transformer.encoder.layer.0.ffn.fc1.weight";

    private static ModelConfig small() {
        return Preset.of("vit-small").config(ModelOptions.auto());
    }

    @Test
    void mappedWeightsEmbedAsCopiedOnes() {
        ModelConfig config = small();
        StateDict weights = WeightLoader.randomWeights(pairviz.model.Architecture.build(config), 5);
        Path file = tmp.resolve("small.safetensors");
        SafetensorsWriter.write(file, weights, Map.of());
        StateDict mapped = Checkpoints.read(file);
        assertThat(mapped.get(FC1).mappedBytes()).isPresent();
        float[] image = new float[3 * config.imageSize() * config.imageSize()];
        Random r = new Random(1);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) r.nextGaussian();
        }
        try (EmbeddingModel fromMap = EmbeddingModel.fromWeights(config, mapped, "mapped");
                EmbeddingModel fromArrays = EmbeddingModel.fromWeights(config, weights, "arrays")) {
            float[] a = fromMap.embeddings(List.of(image)).get(0);
            float[] b = fromArrays.embeddings(List.of(image)).get(0);
            assertThat(a).containsExactly(b);
        }
    }

    @Test
    void aNaNAmongMappedWeightsIsRefusedNamingTensorAndIndex() {
        ModelConfig config = small();
        Map<String, Tensor> weights = new LinkedHashMap<>(WeightLoader.randomWeights(pairviz.model.Architecture.build(config), 5).asMap());
        float[] fc1 = weights.get(FC1).data().clone();
        fc1[40000] = Float.NaN;
        weights.put(FC1, new Tensor(weights.get(FC1).shape(), fc1));
        Path file = tmp.resolve("nan.safetensors");
        SafetensorsWriter.write(file, StateDict.of(weights), Map.of());
        StateDict mapped = Checkpoints.read(file);
        assertThat(mapped.get(FC1).mappedBytes()).isPresent();
        assertThatThrownBy(() -> EmbeddingModel.fromWeights(config, mapped, "nan.safetensors"))
                .isInstanceOf(PairvizException.class)
                .hasMessage("checkpoint nan.safetensors has NaN in tensor '" + FC1 + "' (at index 40000); "
                        + "a network with such weights computes nothing but NaN");
    }
}

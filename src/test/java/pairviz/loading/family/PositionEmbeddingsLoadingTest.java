package pairviz.loading.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import pairviz.BadParameterException;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.vit.VitConfig;
import pairviz.testutil.Fixtures;

/** Loading a ViT at another input size resamples its position embeddings ({@link pairviz.model.PositionEmbeddings}). */
class PositionEmbeddingsLoadingTest {
    @Test
    void torchvisionAt48EmbedsAsTorchvisionsInterpolateEmbeddingsAndSaysSo() {
        JsonNode at48 = TorchvisionVitTest.EXPECTED.get("at_48");
        ModelOptions opts = ModelOptions.builder().optHeads(2).optImageSize(48).build();
        CheckpointReading r = EmbeddingModel.read(TorchvisionVitTest.PTH, opts);
        float[] pos = r.weights().get(VitReading.POSITIONS).data();
        float[] expected = Fixtures.floats(at48.get("pos_embedding"));
        assertThat(pos).hasSameSizeAs(expected);
        for (int i = 0; i < pos.length; i++) {
            assertThat(pos[i]).isCloseTo(expected[i], within(1e-5f));
        }
        assertThat(r.notes()).anyMatch(n -> n.contains("interpolated from 4x4 to 6x6"));
        try (EmbeddingModel m = EmbeddingModel.load(TorchvisionVitTest.PTH, opts)) {
            assertThat(m.config().imageSize()).isEqualTo(48);
            assertThat(((VitConfig) m.config()).gridSize()).isEqualTo(6);
            VitFamilyFixtures.assertEmbeds(m, VitFamilyFixtures.inputs(3, 48), VitFamilyFixtures.rows(at48.get("linear")), 1e-5);
        }
    }

    @Test
    void aSizeThatIsNoMultipleOfThePatchIsRefused() {
        ModelOptions opts = ModelOptions.builder().optHeads(2).optImageSize(50).build();
        assertThatThrownBy(() -> EmbeddingModel.read(TorchvisionVitTest.PTH, opts))
                .isInstanceOf(BadParameterException.class).hasMessageContaining("size 50 is not a multiple of 8");
    }
}

package pairviz.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pairviz.BadParameterException;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.Tensor;
import pairviz.testutil.Fixtures;

/** Position embeddings resampled for another input size are the libraries' own (torch's F.interpolate). */
class PositionEmbeddingsTest {
    private static final Map<String, PositionEmbeddings.Resampling> VARIANTS = Map.of(
            "timm", PositionEmbeddings.Resampling.TIMM,
            "no_antialias", PositionEmbeddings.Resampling.PLAIN,
            "dinov2_hub", PositionEmbeddings.Resampling.DINOV2_HUB);

    @Test
    void everyCaseOfTorchsInterpolateIsMatchedWithinOneInAHundredThousand() {
        JsonNode doc = Fixtures.fixtureJson("families/posembed/expected.json");
        int cases = 0;
        for (JsonNode c : doc.get("cases")) {
            int prefix = c.get("num_prefix_tokens").asInt();
            float[] in = Fixtures.floats(doc.get("inputs").get(Integer.toString(prefix)));
            int d = in.length / (prefix + 16);
            Tensor pos = new Tensor(new long[] {1, prefix + 16, d}, in);
            int grid = c.get("new_grid").get(0).asInt();
            Tensor out = PositionEmbeddings.resample(pos, prefix, grid, VARIANTS.get(c.get("variant").asText()));
            float[] expected = Fixtures.floats(c.get("output"));
            assertThat(out.shape()).containsExactly(1, prefix + grid * grid, d);
            for (int i = 0; i < expected.length; i++) {
                assertThat(out.data()[i]).as("%s, %d prefix, %dx%d, value %d", c.get("variant").asText(), prefix, grid, grid, i)
                        .isCloseTo(expected[i], within(1e-5f));
            }
            cases++;
        }
        assertThat(cases).isEqualTo(21);
    }

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

    @Test
    void theInterpolationWeightsOfEveryRowSumToOne() {
        for (PositionEmbeddings.Resampling how : PositionEmbeddings.Resampling.values()) {
            for (int out : List.of(2, 3, 7, 16)) {
                for (double[] row : PositionEmbeddings.weights(5, out, how)) {
                    assertThat(java.util.Arrays.stream(row).sum()).as("%s %d", how, out).isCloseTo(1.0, within(1e-9));
                }
            }
        }
    }
}

package pairviz.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
    void theInterpolationWeightsOfEveryRowSumToOne() {
        for (PositionEmbeddings.Resampling how : PositionEmbeddings.Resampling.values()) {
            for (int out : List.of(2, 3, 7, 16)) {
                for (double[] row : PositionEmbeddings.weights(5, out, how)) {
                    assertThat(java.util.Arrays.stream(row).sum()).as("%s %d", how, out).isCloseTo(1.0, within(1e-9));
                }
            }
        }
    }

    @Test
    void theGridSideIsFoundOnceAndAnyPrefixIsKeptApart() {
        assertThat(PositionEmbeddings.gridSide(16)).isEqualTo(4);
        assertThat(PositionEmbeddings.gridSide(15)).isEqualTo(-1);
        assertThat(PositionEmbeddings.gridSide(0)).isEqualTo(-1);
        // two prefix tokens (DeiT's class and distillation) then a 2 x 2 grid of width 1: a b / c d
        Tensor pos = new Tensor(new long[] {1, 6, 1}, new float[] {7, 8, 1, 2, 3, 4});
        float[] out = PositionEmbeddings.resample(pos, 2, 4, PositionEmbeddings.Resampling.BILINEAR).data();
        assertThat(out).hasSize(2 + 16);
        assertThat(out[0]).isEqualTo(7f);
        assertThat(out[1]).isEqualTo(8f);
        // F.interpolate(2 -> 4, bilinear, align_corners=False): a row [a, b] becomes [a, .75a+.25b, .25a+.75b, b]
        float[] row0 = {1f, 1.25f, 1.75f, 2f};
        for (int x = 0; x < 4; x++) {
            assertThat(out[2 + x]).isCloseTo(row0[x], within(1e-6f));
        }
        assertThatThrownBy(() -> PositionEmbeddings.resample(pos, 1, 4, PositionEmbeddings.Resampling.BILINEAR))
                .hasMessage("position embeddings [1, 6, 1] are not a class token plus a square grid");
    }
}

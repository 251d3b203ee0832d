package pairviz.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.loading.family.VitFamiliesTest;
import pairviz.testutil.Fixtures;

/**
 * Prefix tokens besides the class token (DeiT's distillation token, DINOv2's registers, the class
 * token of timm's mean pooling) stay off the patch grid, and the maps read the rows the embedding
 * reads: the readout tokens, or every patch token.
 */
class PrefixTokensTest {
    /** A 2 x 2 grid behind {@code prefix} tokens, rollout R[i][j] = 100 i + j (not a real rollout: it tells rows and columns apart). */
    static ImageFeatures features(int prefix, int readout) {
        int t = prefix + 4;
        float[] r = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                r[i * t + j] = 100 * i + j;
            }
        }
        return new ImageFeatures("x", new float[] {1, 0}, new float[t * 2], t, 2, 2, prefix, readout, r,
                RolloutSpec.DEFAULT);
    }

    @Test
    void theRolloutMapReadsTheReadoutRowsOrThePatchRowsAndDropsEveryPrefixColumn() {
        // DeiT: class and distillation tokens read; the map is the mean of rows 0 and 1, columns 2..5
        assertThat(OutputAgnosticRollout.explain(features(2, 2)).values()).containsExactly(52, 53, 54, 55);
        // DINOv2 with 4 registers: row 0, columns 5..8
        assertThat(OutputAgnosticRollout.explain(features(5, 1)).values()).containsExactly(5, 6, 7, 8);
        // timm mean pooling with a class token: the mean of rows 1..4, columns 1..4
        assertThat(OutputAgnosticRollout.explain(features(1, 0)).values()).containsExactly(251, 252, 253, 254);
        // the authors' mean pooling: no prefix, the mean of all rows
        assertThat(OutputAgnosticRollout.explain(features(0, 0)).values()).containsExactly(150, 151, 152, 153);
    }

    @Test
    void featuresWhoseTokensDoNotFitTheGridAndPrefixAreRefused() {
        assertThatThrownBy(() -> new ImageFeatures("x", new float[] {1}, new float[6], 6, 2, 2, 1, 1, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageFeatures("x", new float[] {1}, new float[6], 6, 2, 2, 2, 3, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void meanPoolingWithFcNormDecomposesExactly() {
        // timm global_pool='avg' with fc_norm: the patch tokens' contributions sum to the embedding,
        // so the decomposition's map (no rollout) sums to the score, and the class token carries nothing
        try (EmbeddingModel m = EmbeddingModel.load(Fixtures.fixture("families/timm_vit_avg_fcnorm/timm_vit_avg_fcnorm.pth"),
                ModelOptions.auto().withHeads(2))) {
            List<ImageFeatures> f = new FeatureExtractor(m, RolloutSpec.DEFAULT).extract(List.of("a", "b"),
                    VitFamiliesTest.inputs(2, 32));
            ImageFeatures a = f.get(0);
            assertThat(a.prefixTokens()).isEqualTo(1);
            assertThat(a.readoutTokens()).isZero();
            float[] sum = new float[a.dim()];
            for (int t = 0; t < a.tokens(); t++) {
                for (int i = 0; i < a.dim(); i++) {
                    sum[i] += a.contributions()[t * a.dim() + i];
                    if (t == 0) {
                        assertThat(a.contributions()[i]).isZero();
                    }
                }
            }
            for (int i = 0; i < a.dim(); i++) {
                assertThat(sum[i]).isCloseTo(a.beta()[i], within(1e-5f));
            }
            PairExplanation p = new PairExplainer(ExplainOptions.DEFAULT.withMode(Mode.NONE)).explain(a, f.get(1));
            double total = 0;
            for (float v : p.mapA().values()) {
                total += v;
            }
            assertThat(total).isCloseTo(p.score(), within(1e-5));
        }
    }
}

package pairviz.eval;

import pairviz.gallery.ExactSearch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pairviz.PairvizException;
import pairviz.store.FloatMatrix;

/** Hand-worked examples; the expected values are derived in the comments. */
class RetrievalTest {
    private static final double EPS = 1e-12;

    /*
     * One set, six 2-d items. Labels A = {0, 2, 3}, B = {1, 5}, C = {4}.
     *   0 (1,0) A    1 (1,0) B    2 (0,1) A    3 (1,1) A    4 (-1,0) C    5 (0,0) B (zero row)
     * Cosines: c(0,1)=1, c(0,3)=c(1,3)=c(2,3)=s=0.7071, c(0,4)=c(1,4)=-1, c(3,4)=-s, 0 otherwise
     * (the zero row has cosine 0 with everything). Ties go to the lower index.
     *
     * q0 (A, R=2): 1:1, 3:s, 2:0, 5:0, 4:-1 -> ranking 1 3 2 5 4, rel 0 1 1 0 0
     *     R@1=0 R@2=1 R@4=1; MAP@R = (P(2)=1/2)/2 = 0.25; R-prec = 1/2
     * q1 (B, R=1): 0:1, 3:s, 2:0, 5:0, 4:-1 -> ranking 0 3 2 5 4, rel 0 0 0 1 0
     *     R@1=0 R@2=0 R@4=1; MAP@R = 0; R-prec = 0
     * q2 (A, R=2): 3:s, then 0,1,4,5 all 0 -> ranking 3 0 1 4 5, rel 1 1 0 0 0
     *     R@1=1; MAP@R = (1 + 1)/2 = 1; R-prec = 1
     * q3 (A, R=2): 0,1,2 all s (exactly equal in float), 5:0, 4:-s -> ranking 0 1 2 5 4, rel 1 0 1
     *     R@1=1; MAP@R = (P(1)=1)/2 = 0.5; R-prec = 1/2
     * q4 (C, R=0): skipped.
     * q5 (B, R=1, zero row): all 0 -> ranking 0 1 2 3 4, rel 0 1 0 0 0
     *     R@1=0 R@2=1; MAP@R = 0; R-prec = 0
     * Over the 5 queries kept: R@1 = 2/5, R@2 = 4/5, R@4 = 5/5, R@8 = 1 (K above the 5 others:
     * the whole gallery), MAP@R = (0.25+0+1+0.5+0)/5 = 0.35, R-prec = (0.5+0+1+0.5+0)/5 = 0.4.
     */
    private static final FloatMatrix ONE_SET = FloatMatrix.of(new float[][] {
        {1, 0}, {1, 0}, {0, 1}, {1, 1}, {-1, 0}, {0, 0}});
    private static final List<String> ONE_SET_LABELS = List.of("A", "B", "A", "A", "C", "B");

    @Test
    void oneSetWithTiesSingletonAndZeroRow() {
        RetrievalMetrics m = Retrieval.evaluate(ONE_SET, ONE_SET_LABELS, 1, 2, 4, 8);
        assertThat(m.queries()).isEqualTo(5);
        assertThat(m.skipped()).isEqualTo(1);
        assertThat(m.recallAtK()).containsExactly(
                Map.entry(1, 0.4), Map.entry(2, 0.8), Map.entry(4, 1.0), Map.entry(8, 1.0));
        assertThat(m.precisionAt1()).isEqualTo(0.4);
        assertThat(m.mapAtR()).isCloseTo(0.35, within(EPS));
        assertThat(m.rPrecision()).isCloseTo(0.4, within(EPS));
    }

    @Test
    void intLabelsGiveTheSameAsStrings() {
        RetrievalMetrics m = Retrieval.evaluate(ONE_SET, new int[] {7, -3, 7, 7, 100, -3}, 8, 2, 1, 4, 2);
        assertThat(m).isEqualTo(Retrieval.evaluate(ONE_SET, ONE_SET_LABELS, 1, 2, 4, 8));
    }

    @Test
    void topKFollowsTheTieRule() {
        // Rankings as worked out above; q4 (-1,0): 2:0, 5:0, 3:-s, 0:-1, 1:-1 -> 2 5 3 0 1.
        int[][] top = ExactSearch.topK(ONE_SET, 3);
        assertThat(top).isDeepEqualTo(new int[][] {
            {1, 3, 2}, {0, 3, 2}, {3, 0, 1}, {0, 1, 2}, {2, 5, 3}, {0, 1, 2}});
        assertThat(ExactSearch.topK(ONE_SET, 9)[4]).containsExactly(2, 5, 3, 0, 1);
        assertThat(ExactSearch.topK(ONE_SET, 0)[0]).isEmpty();
    }

    /*
     * Separate gallery: g0 (1,0) A, g1 (0,1) B, g2 (1,1) A, g3 (-1,0) B; nothing is left out.
     * q0 (2,0) A, R=2: g0:1, g2:s, g1:0, g3:-1 -> rel 1 1 -> R@1=1, MAP@R=1, R-prec=1
     * q1 (0,3) A, R=2: g1:1, g2:s, g0:0, g3:0 (tie -> g0 first) -> rel 0 1 1 0
     *     R@1=0, R@2=1; MAP@R = (P(2)=1/2)/2 = 0.25; R-prec = 1/2
     * q2 (1,0) C: no C in the gallery, R=0 -> skipped
     * q3 (-1,-1) B, R=2: g3:s, g0:-s, g1:-s (tie -> g0 first), g2:-1 -> rel 1 0 1 0
     *     R@1=1; MAP@R = (P(1)=1)/2 = 0.5; R-prec = 1/2
     * R@1 = 2/3, R@2 = 3/3, R@10 = 1 (K larger than the gallery of 4);
     * MAP@R = (1+0.25+0.5)/3 = 7/12; R-prec = (1+0.5+0.5)/3 = 2/3.
     */
    @Test
    void separateGallery() {
        FloatMatrix gallery = FloatMatrix.of(new float[][] {{1, 0}, {0, 1}, {1, 1}, {-1, 0}});
        FloatMatrix queries = FloatMatrix.of(new float[][] {{2, 0}, {0, 3}, {1, 0}, {-1, -1}});
        RetrievalMetrics m = Retrieval.evaluate(
                queries, List.of("A", "A", "C", "B"), gallery, List.of("A", "B", "A", "B"), 1, 2, 10);
        assertThat(m.queries()).isEqualTo(3);
        assertThat(m.skipped()).isEqualTo(1);
        assertThat(m.recallAt(1)).isCloseTo(2 / 3.0, within(EPS));
        assertThat(m.recallAt(2)).isEqualTo(1.0);
        assertThat(m.recallAt(10)).isEqualTo(1.0);
        assertThat(m.mapAtR()).isCloseTo(7 / 12.0, within(EPS));
        assertThat(m.rPrecision()).isCloseTo(2 / 3.0, within(EPS));
        assertThat(ExactSearch.topK(queries, gallery, 9)).isDeepEqualTo(new int[][] {
            {0, 2, 1, 3}, {1, 2, 0, 3}, {0, 2, 1, 3}, {3, 0, 1, 2}});
    }

    /*
     * 0 (1,0) A, 1 (1,0) B, 2 (0,1) A.
     * One set: q0 (R=1): 1 (cos 1, B) before 2 (cos 0) -> miss; q1 (B, no other B) skipped;
     *   q2 (R=1): cos 0 with both, tie -> 0 (A) -> hit. R@1 = 1/2, MAP@R = (0 + 1)/2.
     * The same matrix as queries and gallery, nothing left out:
     *   q0 (A, R=2: 0 and 2): 0 and 1 tie at cos 1 -> 0 (itself) first, then 1 (B): rel 1 0
     *     -> hit; MAP@R = (P(1)=1)/2 = 0.5; R-prec = 1/2
     *   q1 (B, R=1: itself): 0 and 1 tie at cos 1 -> 0 (A) first -> miss, found at rank 2;
     *     MAP@R = 0; R-prec = 0
     *   q2 (A, R=2): itself first (cos 1), then 0 and 1 tie at 0 -> 0 (A): rel 1 1 -> MAP@R = 1
     *   R@1 = 2/3, R@2 = 1, MAP@R = (0.5 + 0 + 1)/3 = 0.5, R-prec = (0.5 + 0 + 1)/3 = 0.5.
     */
    @Test
    void theQueryItselfIsLeftOutOnlyInOneSet() {
        FloatMatrix x = FloatMatrix.of(new float[][] {{1, 0}, {1, 0}, {0, 1}});
        List<String> labels = List.of("A", "B", "A");
        RetrievalMetrics one = Retrieval.evaluate(x, labels, 1, 2);
        assertThat(one.queries()).isEqualTo(2);
        assertThat(one.skipped()).isEqualTo(1);
        assertThat(one.recallAt(1)).isEqualTo(0.5);
        assertThat(one.mapAtR()).isEqualTo(0.5);
        RetrievalMetrics both = Retrieval.evaluate(x, labels, x, labels, 1, 2);
        assertThat(both.queries()).isEqualTo(3);
        assertThat(both.skipped()).isZero();
        assertThat(both.recallAt(1)).isCloseTo(2 / 3.0, within(EPS));
        assertThat(both.recallAt(2)).isEqualTo(1.0);
        assertThat(both.mapAtR()).isEqualTo(0.5);
        assertThat(both.rPrecision()).isEqualTo(0.5);
    }

    @Test
    void noQueryLeftGivesNaN() {
        FloatMatrix x = FloatMatrix.of(new float[][] {{1, 0}, {0, 1}});
        RetrievalMetrics m = Retrieval.evaluate(x, List.of("A", "B"), 1);
        assertThat(m.queries()).isZero();
        assertThat(m.skipped()).isEqualTo(2);
        assertThat(m.recallAt(1)).isNaN();
        assertThat(m.mapAtR()).isNaN();
        assertThat(m.rPrecision()).isNaN();
    }

    @Test
    void recallOfAKNotEvaluatedIsAnError() {
        RetrievalMetrics m = Retrieval.evaluate(ONE_SET, ONE_SET_LABELS, 2);
        assertThatThrownBy(() -> m.recallAt(1)).hasMessage("Recall@1 was not evaluated; Ks: [2]");
    }

    @Test
    void badInputIsAOneLineError() {
        assertThatThrownBy(() -> Retrieval.evaluate(ONE_SET, List.of("A", "B"), 1))
                .isInstanceOf(PairvizException.class).hasMessage("2 labels for 6 embeddings");
        assertThatThrownBy(() -> Retrieval.evaluate(ONE_SET, ONE_SET_LABELS, 1, 0))
                .isInstanceOf(PairvizException.class).hasMessage("every K must be at least 1, got 0");
        FloatMatrix threeD = FloatMatrix.of(new float[][] {{1, 0, 0}});
        assertThatThrownBy(() -> Retrieval.evaluate(ONE_SET, ONE_SET_LABELS, threeD, List.of("A"), 1))
                .isInstanceOf(PairvizException.class)
                .hasMessage("the queries have 2 dimensions but the gallery has 3");
        FloatMatrix nan = FloatMatrix.of(new float[][] {{1, 0}, {Float.NaN, 0}});
        assertThatThrownBy(() -> Retrieval.evaluate(nan, List.of("A", "A"), 1))
                .isInstanceOf(PairvizException.class).hasMessage("embedding row 1 holds a NaN or infinite value");
        FloatMatrix inf = FloatMatrix.of(new float[][] {{Float.POSITIVE_INFINITY, 0}});
        assertThatThrownBy(() -> Retrieval.evaluate(ONE_SET, ONE_SET_LABELS, inf, List.of("A"), 1))
                .isInstanceOf(PairvizException.class).hasMessage("gallery row 0 holds a NaN or infinite value");
    }
}

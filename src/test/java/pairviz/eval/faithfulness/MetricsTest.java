package pairviz.eval.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plain arithmetic metrics on cases whose answers are known by hand. */
class MetricsTest {
    private static final float[] MASK = {0, 1, 0, 1, 0, 0}; // cells 1 and 3 are the object

    @Test
    void stepCountsGoFromNoPatchToAll() {
        assertThat(Curves.count(0, 4, 10)).isZero();
        assertThat(Curves.count(1, 4, 10)).isEqualTo(3); // round(2.5) = 3
        assertThat(Curves.count(2, 4, 10)).isEqualTo(5);
        assertThat(Curves.count(4, 4, 10)).isEqualTo(10);
    }

    @Test
    void areaIsTheMeanHeightRelativeToTheStart() {
        assertThat(Curves.normalisedArea(new double[] {0.8, 0.8, 0.8}, 0.8)).isCloseTo(1, within(1e-12));
        // a straight line from s to 0: half the start
        assertThat(Curves.normalisedArea(new double[] {0.6, 0.45, 0.3, 0.15, 0}, 0.6)).isCloseTo(0.5, within(1e-12));
        // dropping to 0 at the first of 4 steps: only the first trapezoid, half a step high
        assertThat(Curves.normalisedArea(new double[] {0.5, 0, 0, 0, 0}, 0.5)).isCloseTo(0.125, within(1e-12));
    }

    @Test
    void areaOfAPairThatStartsDissimilarIsUndefined() {
        assertThat(Curves.normalisedArea(new double[] {0.01, 0.0}, 0.01)).isNaN();
        assertThat(Curves.normalisedArea(new double[] {-0.3, 0.0}, -0.3)).isNaN();
    }

    @Test
    void rocAucOfAPerfectAReversedAndAConstantDetector() {
        assertThat(GroundTruthMetrics.rocAuc(new float[] {0.1f, 0.9f, 0.2f, 0.8f, 0.0f, 0.3f}, MASK)).isEqualTo(1.0);
        assertThat(GroundTruthMetrics.rocAuc(new float[] {0.9f, 0.1f, 0.8f, 0.2f, 0.7f, 0.9f}, MASK)).isEqualTo(0.0);
        assertThat(GroundTruthMetrics.rocAuc(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f}, MASK)).isEqualTo(0.5);
    }

    @Test
    void rocAucCountsTiesAsHalfAsTheAverageRankDoes() {
        // positives score 2 and 1; negatives 1, 0, 0, 0: pairs won 4 + 3 + (tie 2 x 1/2) of 8
        float[] map = {1, 2, 0, 1, 0, 0};
        float[] mask = {0, 1, 0, 1, 0, 0};
        double mannWhitney = (4 + 3 + 0.5) / 8;
        assertThat(GroundTruthMetrics.rocAuc(map, mask)).isCloseTo(mannWhitney, within(1e-12));
        assertThat(GroundTruthMetrics.rocAuc(map, new float[6])).isNaN();
    }

    @Test
    void rocAucWeighsPartlyCoveredCellsByTheirPixels() {
        // 2 cells, the first half covered: positives are 1/2 of cell 0, negatives 1/2 of cell 0 and all of cell 1
        float[] coverage = {0.5f, 0};
        // cell 0 scores higher: its positive half beats cell 1 (weight 0.5 x 1) and ties its own half (0.5 x 0.5 / 2)
        double expected = (0.5 * 1 + 0.5 * 0.5 / 2) / (0.5 * 1.5);
        assertThat(GroundTruthMetrics.rocAuc(new float[] {1, 0}, coverage)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void massInsideIsTheShareOfPositiveMassOnTheMask() {
        float[] map = {1, 3, -5, 1, 0, 0}; // positive mass 5, of which 4 on cells 1 and 3; the negative is ignored
        assertThat(GroundTruthMetrics.massInside(map, MASK)).isCloseTo(0.8, within(1e-12));
        float[] half = {0, 0.5f, 0, 0, 0, 0};
        assertThat(GroundTruthMetrics.massInside(map, half)).isCloseTo(1.5 / 5, within(1e-7));
        assertThat(GroundTruthMetrics.massInside(new float[] {-1, -1, 0, 0, 0, 0}, MASK)).isNaN();
    }

    @Test
    void pointingGameHitsMissesAndSplitsTies() {
        assertThat(GroundTruthMetrics.pointing(new float[] {0, 0, 0, 5, 0, 0}, MASK)).isEqualTo(1.0);
        assertThat(GroundTruthMetrics.pointing(new float[] {0, 0, 5, 1, 0, 0}, MASK)).isEqualTo(0.0);
        assertThat(GroundTruthMetrics.pointing(new float[] {0, 5, 5, 1, 0, 0}, MASK)).isEqualTo(0.5);
        assertThat(GroundTruthMetrics.pointing(new float[6], MASK)).isCloseTo(2.0 / 6, within(1e-12));
    }

    @Test
    void rankingPutsTheHighestFirstAndBreaksTiesByPriority() {
        float[] map = {0.2f, 0.9f, 0.2f, 0.5f};
        assertThat(PatchRanking.order(map, new int[] {0, 1, 2, 3})).containsExactly(1, 3, 0, 2);
        assertThat(PatchRanking.order(map, new int[] {3, 1, 2, 0})).containsExactly(1, 3, 2, 0);
        int[] p = PatchRanking.randomPriorities(50, new Random(1));
        assertThat(p).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, 50).toArray());
        assertThat(p).isEqualTo(PatchRanking.randomPriorities(50, new Random(1)));
    }

    @Test
    void bootstrapIntervalHoldsTheMeanAndIsSeeded() {
        Random r = new Random(3);
        double[] v = new double[200];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian() + 2;
        }
        Bootstrap.Estimate e = Bootstrap.mean95(v, 11);
        assertThat(e.mean()).isCloseTo(java.util.Arrays.stream(v).average().orElseThrow(), within(1e-12));
        assertThat(e.low()).isLessThan(e.mean());
        assertThat(e.high()).isGreaterThan(e.mean());
        // the standard error of the mean is 1/sqrt(200) ~ 0.071: a 95% interval is about 4 of them wide
        assertThat(e.high() - e.low()).isBetween(0.2, 0.36);
        assertThat(e.n()).isEqualTo(200);
        assertThat(Bootstrap.mean95(v, 11)).isEqualTo(e);
        assertThat(Bootstrap.mean95(v, 12).low()).isNotEqualTo(e.low());
    }

    @Test
    void bootstrapLeavesOutPairsAMetricDoesNotApplyTo() {
        Bootstrap.Estimate e = Bootstrap.mean95(new double[] {1, Double.NaN, 3}, 0);
        assertThat(e.n()).isEqualTo(2);
        assertThat(e.mean()).isEqualTo(2.0);
        assertThat(e.low()).isGreaterThanOrEqualTo(1.0);
        assertThat(e.high()).isLessThanOrEqualTo(3.0);
        assertThat(Bootstrap.mean95(new double[] {Double.NaN}, 0).mean()).isNaN();
    }
}

package pairviz.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import pairviz.explain.ExplainOptions;
import pairviz.explain.Heatmap;
import pairviz.explain.PairExplanation;

class MapAgreementTest {
    private static PairExplanation pair(double score, float[] a, float[] b) {
        return new PairExplanation("a", "b", score, new Heatmap(1, a.length, a), new Heatmap(1, b.length, b),
                ExplainOptions.REFERENCE, true, Double.NaN, Double.NaN);
    }

    @Test
    void scoreErrorAndRankCorrelationsOfBothMaps() {
        PairExplanation ref = pair(0.5, new float[] {1, 2, 3, 4}, new float[] {1, 2, 3, 4});
        // A: same order, other values (rho 1); B: reversed order (rho -1)
        MapAgreement m = MapAgreement.of(pair(0.498, new float[] {10, 20, 30, 400}, new float[] {4, 3, 2, 1}), ref);
        assertThat(m.scoreError()).isCloseTo(0.002, within(1e-12));
        assertThat(m.rankCorrelationA()).isCloseTo(1.0, within(1e-12));
        assertThat(m.rankCorrelationB()).isCloseTo(-1.0, within(1e-12));
        assertThat(m.minRankCorrelation()).isEqualTo(m.rankCorrelationB());
    }

    @Test
    void mapsOfDifferentGridsAreRefused() {
        PairExplanation ref = pair(0.5, new float[] {1, 2, 3, 4}, new float[] {1, 2, 3, 4});
        assertThatThrownBy(() -> MapAgreement.of(pair(0.5, new float[] {1, 2}, new float[] {1, 2, 3, 4}), ref))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package pairviz.eval.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The triplet score on hand-made maps of four cells, regions U1 = cell 0, U2 = cell 1. */
class PartnerSpecificityTest {
    static final float[] U1 = {1, 0, 0, 0};
    static final float[] U2 = {0, 1, 0, 0};

    @Test
    void aMapThatMovesTowardThePartnerScoresOne() {
        // given B1 the mass is on U1, given B2 on U2
        var s = PartnerSpecificity.score(new float[] {3, 1, 0, 0}, new float[] {1, 3, 0, 0}, U1, U2);
        // d = (0.75 - 0.25) - (0.25 - 0.75) = 1
        assertThat(s.specificity()).isEqualTo(1.0);
        assertThat(s.correlation()).isCloseTo(1.0 / 3, within(1e-9)); // deviations (2, 0, -1, -1) and (0, 2, -1, -1);
    }

    @Test
    void aMapThatMovesTheWrongWayScoresZero() {
        var s = PartnerSpecificity.score(new float[] {1, 3, 0, 0}, new float[] {3, 1, 0, 0}, U1, U2);
        assertThat(s.specificity()).isZero();
    }

    @Test
    void aMapThatIgnoresThePartnerTiesEvenWhenScaled() {
        // one picture, scaled by the two scores: a class-token map in the decomposition modes
        float[] m = {0.2f, 0.7f, 0.05f, 0.05f};
        float[] scaled = new float[4];
        for (int i = 0; i < 4; i++) {
            scaled[i] = m[i] * 0.37f;
        }
        var s = PartnerSpecificity.score(m, scaled, U1, U2);
        assertThat(s.specificity()).isEqualTo(0.5);
        assertThat(s.correlation()).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void onlyPositiveMassCountsAndAMapWithNoneTies() {
        // negative cells are not mass: M1 puts all its positive mass on U1, M2 all of it on U2
        assertThat(PartnerSpecificity.score(new float[] {2, -5, 0, 0}, new float[] {-5, 2, 0, 0}, U1, U2).specificity())
                .isEqualTo(1.0);
        assertThat(PartnerSpecificity.score(new float[] {-1, -1, -1, -1}, new float[] {1, 0, 0, 0}, U1, U2).specificity())
                .isEqualTo(0.5);
    }

    @Test
    void correlationOfAConstantMapIsUndefined() {
        assertThat(PartnerSpecificity.correlation(new float[] {1, 1, 1}, new float[] {1, 2, 3})).isNaN();
        assertThat(PartnerSpecificity.correlation(new float[] {1, 2, 3}, new float[] {2, 4, 6})).isCloseTo(1.0, within(1e-12));
    }
}

package pairviz.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

import pairviz.PairvizException;

class OneCycleLRTest {

    /**
     * Independent closed form: cosine annealing written as b + (a - b) cos^2(pi pct / 2), phases
     * ending at pctStart * total - 1 and total - 1.
     */
    private static double[] expected(
            int step, double maxLr, int total, double pctStart, double div, double finalDiv, double baseMom,
            double maxMom) {
        double initial = maxLr / div;
        double min = initial / finalDiv;
        double e1 = pctStart * total - 1;
        double e2 = total - 1;
        double a;
        double b;
        double ma;
        double mb;
        double pct;
        if (step <= e1) {
            pct = step / e1;
            a = initial;
            b = maxLr;
            ma = maxMom;
            mb = baseMom;
        } else {
            pct = (step - e1) / (e2 - e1);
            a = maxLr;
            b = min;
            ma = baseMom;
            mb = maxMom;
        }
        double w = Math.pow(Math.cos(Math.PI * pct / 2), 2);
        return new double[] {b + (a - b) * w, mb + (ma - mb) * w};
    }

    @Test
    void matchesPyTorchOwnValues() throws IOException {
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("/train/onecycle_total100_maxlr0.1.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        OneCycleLR schedule = OneCycleLR.of(fixture.get("max_lr").asDouble(), fixture.get("total_steps").asInt());
        JsonNode lrs = fixture.get("lr");
        JsonNode moms = fixture.get("momentum");
        assertThat(lrs.size()).isEqualTo(101);
        for (int t = 0; t <= 100; t++) {
            assertThat(schedule.lr(t)).as("lr at step %d", t).isCloseTo(lrs.get(t).asDouble(), within(1e-15));
            assertThat(schedule.momentum(t))
                    .as("momentum at step %d", t)
                    .isCloseTo(moms.get(t).asDouble(), within(1e-15));
        }
    }

    @Test
    void matchesClosedFormulaWithPyTorchDefaults() {
        OneCycleLR schedule = OneCycleLR.of(0.1, 100);
        for (int t = 0; t <= 100; t++) {
            double[] e = expected(t, 0.1, 100, 0.3, 25, 1e4, 0.85, 0.95);
            assertThat(schedule.lr(t)).as("lr at %d", t).isCloseTo(e[0], within(1e-14));
            assertThat(schedule.momentum(t)).as("momentum at %d", t).isCloseTo(e[1], within(1e-14));
        }
        // Landmarks: start 0.1 / 25 = 0.004 at momentum 0.95; the last step 0.004 / 1e4 = 4e-7 at 0.95.
        assertThat(schedule.lr(0)).isCloseTo(0.004, within(1e-15));
        assertThat(schedule.momentum(0)).isCloseTo(0.95, within(1e-15));
        assertThat(schedule.lr(99)).isCloseTo(4e-7, within(1e-15));
        assertThat(schedule.momentum(99)).isCloseTo(0.95, within(1e-15));
        // 0.3 * 100 - 1 = 29.000000000000004 in doubles: step 29 is still warm-up, at the peak.
        assertThat(schedule.lr(29)).isCloseTo(0.1, within(1e-15));
        assertThat(schedule.momentum(29)).isCloseTo(0.85, within(1e-15));
        // Mid annealing: pct = (64 - 29) / 70 = 0.5 -> (0.1 + 4e-7) / 2, momentum (0.85 + 0.95) / 2.
        assertThat(schedule.lr(64)).isCloseTo((0.1 + 4e-7) / 2, within(1e-14));
        assertThat(schedule.momentum(64)).isCloseTo(0.9, within(1e-14));
    }

    @Test
    void matchesClosedFormulaWithOtherSettings() {
        OneCycleLR schedule = new OneCycleLR(2.0, 17, 0.45, 10, 100, 0.8, 0.9);
        assertThat(schedule.initialLr()).isEqualTo(0.2);
        assertThat(schedule.minLr()).isCloseTo(0.002, within(1e-18));
        for (int t = 0; t <= 17; t++) {
            double[] e = expected(t, 2.0, 17, 0.45, 10, 100, 0.8, 0.9);
            assertThat(schedule.lr(t)).as("lr at %d", t).isCloseTo(e[0], within(1e-13));
            assertThat(schedule.momentum(t)).as("momentum at %d", t).isCloseTo(e[1], within(1e-14));
        }
    }

    @Test
    void learningRateRisesThenFallsAndMomentumMirrorsIt() {
        OneCycleLR schedule = OneCycleLR.of(0.1, 100);
        for (int t = 1; t <= 29; t++) {
            assertThat(schedule.lr(t)).isGreaterThan(schedule.lr(t - 1));
            assertThat(schedule.momentum(t)).isLessThan(schedule.momentum(t - 1));
        }
        for (int t = 31; t <= 99; t++) {
            assertThat(schedule.lr(t)).isLessThan(schedule.lr(t - 1));
            assertThat(schedule.momentum(t)).isGreaterThan(schedule.momentum(t - 1));
        }
    }

    @Test
    void rejectsBadSettingsAndStepsPastTheEnd() {
        assertThatThrownBy(() -> OneCycleLR.of(0.1, 0))
                .isInstanceOf(PairvizException.class)
                .hasMessage("OneCycleLR: total steps must be positive, got 0");
        assertThatThrownBy(() -> new OneCycleLR(0.1, 10, 1.5, 25, 1e4, 0.85, 0.95))
                .isInstanceOf(PairvizException.class)
                .hasMessage("OneCycleLR: pct_start must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> OneCycleLR.of(-1, 10))
                .isInstanceOf(PairvizException.class)
                .hasMessage("OneCycleLR: max learning rate must be positive, got -1.0");
        assertThatThrownBy(() -> new OneCycleLR(0.1, 10, 0.1, 25, 1e4, 0.85, 0.95))
                .isInstanceOf(PairvizException.class)
                .hasMessage("OneCycleLR: pct_start * total_steps must not be 1 (warm-up phase of zero length),"
                        + " got 0.1 * 10");
        OneCycleLR schedule = OneCycleLR.of(0.1, 100);
        assertThatThrownBy(() -> schedule.lr(101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OneCycleLR: step 101 outside 0..100");
        assertThatThrownBy(() -> schedule.momentum(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}

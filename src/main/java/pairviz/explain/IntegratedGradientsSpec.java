package pairviz.explain;

import java.util.LinkedHashMap;
import java.util.Map;
import pairviz.BadParameterException;

/**
 * How integrated gradients integrate: the number of path steps (midpoint rule) and the
 * {@link Baseline} the path starts from. More steps shrink the completeness gap (the map's sum
 * less {@code score - baseline_score}) at one more backward pass each.
 *
 * @param steps path steps, at least 1
 * @param baseline where the path starts
 */
public record IntegratedGradientsSpec(int steps, Baseline baseline) {
    /**
     * Default steps, measured on the shipped scenes models from black (scripts/ig-steps.sh,
     * docs/faithfulness.md "Integrated gradients: steps and baseline"): at 64 the median gap is at
     * most 0.6% of {@code score - baseline_score} on all three and the ViT's and ResNet's maps are
     * all within the {@link #TOLERANCE}; at 32 three of eight ResNet maps were not.
     */
    public static final int DEFAULT_STEPS = 64;
    /** Most steps accepted. */
    public static final int MAX_STEPS = 4096;
    /**
     * The completeness gap tolerated without a warning, relative to {@code |score - baseline_score|}
     * (with an absolute floor of {@value #TOLERANCE_FLOOR}).
     */
    public static final double TOLERANCE = 0.05;
    /** The tolerance's absolute floor, in cosine units. */
    public static final double TOLERANCE_FLOOR = 0.005;
    /** {@value #DEFAULT_STEPS} steps from black. */
    public static final IntegratedGradientsSpec DEFAULT = new IntegratedGradientsSpec(DEFAULT_STEPS, Baseline.BLACK);

    public IntegratedGradientsSpec {
        if (steps < 1 || steps > MAX_STEPS) {
            throw BadParameterException.of("steps", "must be 1 to " + MAX_STEPS + ", not " + steps);
        }
        if (baseline == null) {
            throw new IllegalArgumentException("baseline is required");
        }
    }

    /** The path points {@code (k + 1/2) / steps}, k = 0 .. steps - 1. */
    double[] alphas() {
        double[] a = new double[steps];
        for (int k = 0; k < steps; k++) {
            a[k] = (k + 0.5) / steps;
        }
        return a;
    }

    /** Whether a gap exceeds the tolerance for this expected total ({@code score - baseline_score}). */
    public static boolean exceeds(double gap, double expected) {
        return Math.abs(gap) > Math.max(TOLERANCE_FLOOR, TOLERANCE * Math.abs(expected));
    }

    /** {@code {"steps", "baseline"}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("steps", steps);
        o.put("baseline", baseline.id());
        return o;
    }
}

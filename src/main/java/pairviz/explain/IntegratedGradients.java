package pairviz.explain;

/**
 * Integrated gradients (Sundararajan, Taly, Yan 2017) toward the partner, from the mean-grey
 * baseline (the zero input), by the midpoint rule over {@value #STEPS} steps: pixel p gets
 * {@code x_p * mean_k dcos/dx_p ((k - 1/2) x / STEPS)}, summed per patch. The cells sum to
 * {@code cos(A, B) - cos(baseline, B)} up to the rule's error; the baseline's similarity is
 * reported with the map. Linear in the target direction.
 */
final class IntegratedGradients extends InputAttribution {
    static final IntegratedGradients INSTANCE = new IntegratedGradients();
    /** Path steps. */
    static final int STEPS = 16;

    private IntegratedGradients() {}

    @Override
    double[] alphas() {
        double[] a = new double[STEPS];
        for (int k = 0; k < STEPS; k++) {
            a[k] = (k + 0.5) / STEPS;
        }
        return a;
    }

    @Override
    Mode mode() {
        return Mode.INTEGRATED_GRADIENTS;
    }

    @Override
    boolean reportsBaseline() {
        return true;
    }
}

package pairviz.explain;

/**
 * Integrated gradients (Sundararajan, Taly, Yan 2017) toward the partner, from the options'
 * {@link Baseline} {@code x'} (black, the image's mean colour or its blurred copy, each defined on
 * the photo and normalised as the image is), by the midpoint rule over the options' steps N:
 * pixel p gets {@code (x_p - x'_p) * mean_k dcos/dx_p (x' + (k - 1/2) / N (x - x'))}, summed per
 * patch. The cells sum to {@code cos(x, B) - cos(x', B)} up to the rule's error, the completeness
 * gap, which shrinks as N grows; the baseline's similarity is reported with the map. Linear in
 * the target direction.
 */
final class IntegratedGradients extends InputAttribution {
    static final IntegratedGradients INSTANCE = new IntegratedGradients();

    private IntegratedGradients() {}

    @Override
    double[] alphas(ExplainOptions options) {
        return options.integratedGradients().alphas();
    }

    @Override
    Baseline baseline(ExplainOptions options) {
        return options.integratedGradients().baseline();
    }

    @Override
    Mode mode() {
        return Mode.INTEGRATED_GRADIENTS;
    }
}

package pairviz.explain;

/**
 * Gradient x input toward the partner: pixel p gets {@code x_p * dcos/dx_p}, summed per patch
 * (one backward pass). Linear in the target direction, so a class map is the sum of the paired
 * maps against its members.
 */
final class GradientTimesInput extends InputAttribution {
    static final GradientTimesInput INSTANCE = new GradientTimesInput();

    private GradientTimesInput() {}

    @Override
    double[] alphas(ExplainOptions options) {
        return new double[] {1};
    }

    @Override
    Mode mode() {
        return Mode.GRAD_INPUT;
    }

    @Override
    Baseline baseline(ExplainOptions options) {
        return null;
    }
}

package pairviz.train;

/**
 * Learning rate and momentum as functions of the optimizer step.
 *
 * <p>Step {@code t} is 0-based: the first optimizer update uses {@code lr(0)} and {@code
 * momentum(0)}, as in PyTorch where a scheduler created before training has already set the
 * values for the first {@code optimizer.step()}.
 */
public interface Schedule {

    /** The learning rate for optimizer step {@code step} (0-based). */
    double lr(int step);

    /** The momentum for optimizer step {@code step} (0-based). */
    double momentum(int step);

    /** A schedule with the same learning rate and momentum at every step. */
    static Schedule constant(double lr, double momentum) {
        return new Schedule() {
            @Override
            public double lr(int step) {
                return lr;
            }

            @Override
            public double momentum(int step) {
                return momentum;
            }

            @Override
            public String toString() {
                return "constant(lr=" + lr + ", momentum=" + momentum + ")";
            }
        };
    }
}

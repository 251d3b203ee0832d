package pairviz.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Stochastic gradient descent with PyTorch's {@code torch.optim.SGD} update rule, learning rate
 * and momentum taken from a {@link Schedule} at every step.
 *
 * <p>For a parameter p with gradient g at step t (0-based), lr = {@code schedule.lr(t) *
 * lrMultiplier(p)}, mu = {@code schedule.momentum(t)}, wd = the weight decay, or 0 for parameters
 * excluded from decay:
 *
 * <pre>
 *   d = g + wd * p
 *   if mu != 0:  buf = d on p's first update, else buf = mu * buf + (1 - dampening) * d
 *                d = nesterov ? d + mu * buf : buf
 *   p = p - lr * d
 * </pre>
 *
 * <p>Unlike DJL's {@code Sgd}, whose momentum state accumulates {@code lr * g}, the buffer holds
 * gradients, so a changing learning rate applies to the whole buffer at once, as in PyTorch.
 * Registration, stepping and state are {@link PyTorchOptimizer}'s; the state is one buffer, {@value
 * #MOMENTUM}.
 */
public final class PyTorchSgd extends PyTorchOptimizer {

    /** Name of the momentum buffer in {@link #state()} ({@code momentum.<parameter name>}). */
    public static final String MOMENTUM = "momentum";

    private final double dampening;
    private final boolean nesterov;

    private PyTorchSgd(Builder builder) {
        super(builder);
        this.dampening = builder.dampening;
        this.nesterov = builder.nesterov;
    }

    /** A builder; {@link Builder#setSchedule} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<String> bufferNames() {
        return List.of(MOMENTUM);
    }

    @Override
    protected void apply(String parameterId, NDArray weight, NDArray grad, int step, double lr, double wd) {
        double momentum = schedule().momentum(step);
        NDArray d = grad;
        if (wd != 0) {
            d = d.add(weight.mul(wd));
        }
        if (momentum != 0) {
            NDArray buf = buffer(MOMENTUM, parameterId);
            if (buf == null) {
                buf = d.duplicate();
                keep(MOMENTUM, parameterId, buf, weight);
            } else {
                buf.muli(momentum).addi(dampening == 0 ? d : d.mul(1 - dampening));
            }
            d = nesterov ? d.add(buf.mul(momentum)) : buf;
        }
        weight.subi(d.mul(lr));
    }

    /** Builder of {@link PyTorchSgd}; weight decay via {@link #optWeightDecays(float)}. */
    public static final class Builder extends PyTorchOptimizer.Builder<Builder> {
        private double dampening;
        private boolean nesterov;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** PyTorch's {@code dampening} (default 0). */
        public Builder optDampening(double dampening) {
            this.dampening = dampening;
            return this;
        }

        /** PyTorch's {@code nesterov} (default false; needs dampening 0). */
        public Builder optNesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        @Override
        public PyTorchSgd build() {
            validate("PyTorchSgd");
            if (nesterov && dampening != 0) {
                throw new IllegalStateException("Nesterov momentum requires zero dampening");
            }
            return new PyTorchSgd(this);
        }
    }
}

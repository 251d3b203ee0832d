package pairviz.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Adam with decoupled weight decay, PyTorch's {@code torch.optim.AdamW} update rule (no amsgrad),
 * the learning rate and beta1 taken from a {@link Schedule} at every step (as {@code OneCycleLR}
 * cycles beta1 in the place of SGD's momentum).
 *
 * <p>For a parameter p with gradient g at step t (0-based), lr and wd as in {@link PyTorchSgd},
 * b1 = {@code schedule.momentum(t)}, n = t + 1:
 *
 * <pre>
 *   p = p * (1 - lr * wd)
 *   m = b1 * m + (1 - b1) * g                  (m = 0 before the first update)
 *   v = b2 * v + (1 - b2) * g * g
 *   p = p - lr / (1 - b1^n) * m / (sqrt(v) / sqrt(1 - b2^n) + eps)
 * </pre>
 *
 * <p>State: the buffers {@value #EXP_AVG} and {@value #EXP_AVG_SQ} (PyTorch's names).
 */
public final class PyTorchAdamW extends PyTorchOptimizer {

    /** First-moment buffer name. */
    public static final String EXP_AVG = "exp_avg";
    /** Second-moment buffer name. */
    public static final String EXP_AVG_SQ = "exp_avg_sq";

    private final double beta2;
    private final double eps;

    private PyTorchAdamW(Builder builder) {
        super(builder);
        this.beta2 = builder.beta2;
        this.eps = builder.eps;
    }

    /** A builder; {@link Builder#setSchedule} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<String> bufferNames() {
        return List.of(EXP_AVG, EXP_AVG_SQ);
    }

    @Override
    protected void apply(String parameterId, NDArray weight, NDArray grad, int step, double lr, double wd) {
        double beta1 = schedule().momentum(step);
        int n = step + 1;
        if (wd != 0) {
            weight.muli(1 - lr * wd);
        }
        NDArray m = buffer(EXP_AVG, parameterId);
        NDArray v = buffer(EXP_AVG_SQ, parameterId);
        if (m == null) {
            m = keepZeros(EXP_AVG, parameterId, weight);
            v = keepZeros(EXP_AVG_SQ, parameterId, weight);
        }
        m.muli(beta1).addi(grad.mul(1 - beta1));
        v.muli(beta2).addi(grad.mul(grad).mul(1 - beta2));
        double stepSize = lr / (1 - Math.pow(beta1, n));
        NDArray denom = v.sqrt().div(Math.sqrt(1 - Math.pow(beta2, n))).add(eps);
        weight.subi(m.div(denom).mul(stepSize));
    }

    private NDArray keepZeros(String buffer, String parameterId, NDArray weight) {
        NDArray zeros = weight.zerosLike();
        keep(buffer, parameterId, zeros, weight);
        return zeros;
    }

    /** Builder of {@link PyTorchAdamW}; weight decay via {@link #optWeightDecays(float)}. */
    public static final class Builder extends PyTorchOptimizer.Builder<Builder> {
        private double beta2 = 0.999;
        private double eps = 1e-8;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** PyTorch's second beta (default 0.999). */
        public Builder optBeta2(double beta2) {
            this.beta2 = beta2;
            return this;
        }

        /** PyTorch's {@code eps} (default 1e-8). */
        public Builder optEps(double eps) {
            this.eps = eps;
            return this;
        }

        @Override
        public PyTorchAdamW build() {
            validate("PyTorchAdamW");
            if (!(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
                throw new IllegalStateException("AdamW needs 0 <= beta2 < 1 and eps > 0, got " + beta2 + " and " + eps);
            }
            return new PyTorchAdamW(this);
        }
    }
}

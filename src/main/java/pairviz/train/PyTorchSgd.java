package pairviz.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

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
 *
 * <p>Two ways to drive it:
 *
 * <ul>
 *   <li>PyTorch style: {@link #add} / {@link #addAll} the parameters, then after each backward
 *       call {@link #step()}, which updates every registered parameter that requires gradients
 *       from its gradient and zeroes that gradient.
 *   <li>As a DJL {@link Optimizer} of a {@code Trainer}: DJL calls {@link #update}; parameters
 *       not registered get multiplier 1 and the no-decay rule applied to an empty name.
 * </ul>
 *
 * <p>The step index is DJL's update count (shared by all parameters; {@code
 * optBeginNumUpdate(k)} resumes at step k). DJL's {@code setRescaleGrad} and {@code optClipGrad}
 * are honoured (applied to g first; defaults leave g as it is). Updates must run outside a {@code
 * GradientCollector} (in-place changes of tensors that require gradients).
 */
public final class PyTorchSgd extends Optimizer {

    private final Schedule schedule;
    private final double dampening;
    private final boolean nesterov;
    private final BiPredicate<String, Shape> noDecay;
    private final Map<String, Registered> registered = new LinkedHashMap<>();
    private final Map<String, NDArray> momentumBuffers = new ConcurrentHashMap<>();
    private int steps;

    /** How one registered parameter is updated. */
    private record Registered(String name, Parameter parameter, double lrMultiplier, boolean decay) {}

    private PyTorchSgd(Builder builder) {
        super(builder);
        this.schedule = builder.schedule;
        this.dampening = builder.dampening;
        this.nesterov = builder.nesterov;
        this.noDecay = builder.noDecay;
    }

    /** A builder; {@link Builder#setSchedule} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The schedule of learning rate and momentum. */
    public Schedule schedule() {
        return schedule;
    }

    /** How many steps have been taken: the next update uses {@code schedule().lr(steps())}. */
    public int steps() {
        return steps;
    }

    /** The weight decay applied to parameters not excluded from it. */
    public float weightDecay() {
        return getWeightDecay();
    }

    /**
     * Registers an initialised parameter with learning-rate multiplier 1.
     *
     * @param name its name, seen by the no-decay rule
     * @param parameter the parameter (its array must exist)
     */
    public void add(String name, Parameter parameter) {
        add(new TrainableParameter(name, parameter, 1.0));
    }

    /** Registers a parameter with its learning-rate multiplier (e.g. from {@link MetricLoss}). */
    public void add(TrainableParameter trainable) {
        Parameter p = trainable.parameter();
        Shape shape = p.getArray().getShape();
        Registered entry =
                new Registered(
                        trainable.name(),
                        p,
                        trainable.lrMultiplier(),
                        !noDecay.test(trainable.name(), shape));
        if (registered.putIfAbsent(p.getId(), entry) != null) {
            throw new IllegalArgumentException("parameter " + trainable.name() + " is already registered");
        }
    }

    /** Registers every parameter of a DJL block ({@code block.getParameters()}) under its name. */
    public void addAll(ParameterList parameters) {
        for (Pair<String, Parameter> pair : parameters) {
            add(pair.getKey(), pair.getValue());
        }
    }

    /** Whether the registered parameter {@code name} gets weight decay (for checks and logs). */
    public boolean isDecayed(String name) {
        return registered.values().stream()
                .filter(r -> r.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no registered parameter " + name))
                .decay;
    }

    /**
     * One optimizer step over all registered parameters that require gradients, in registration
     * order; each gradient is zeroed afterwards.
     */
    public void step() {
        for (Registered r : registered.values()) {
            if (!r.parameter.requiresGradient()) {
                continue;
            }
            NDArray weight = r.parameter.getArray();
            try (NDArray grad = weight.getGradient()) {
                update(r.parameter.getId(), weight, grad);
            }
        }
    }

    /**
     * The momentum buffers of the registered parameters that have one (after their first
     * update), by registered name, in registration order: the optimizer state a checkpoint must
     * keep so that a resumed run continues exactly. The arrays are live; do not change them.
     */
    public Map<String, NDArray> momentumBuffers() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Registered r : registered.values()) {
            NDArray buf = momentumBuffers.get(r.parameter.getId());
            if (buf != null) {
                out.put(r.name, buf);
            }
        }
        return out;
    }

    /**
     * Sets the momentum buffer of the registered parameter {@code name} to a copy of {@code
     * values} (owned by the parameter's manager), as {@link #momentumBuffers()} gave it.
     *
     * @throws IllegalArgumentException if no parameter of that name is registered or the shape
     *     differs from the parameter's
     */
    public void restoreMomentumBuffer(String name, NDArray values) {
        Registered r = registered.values().stream()
                .filter(e -> e.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no registered parameter " + name));
        NDArray weight = r.parameter.getArray();
        if (!weight.getShape().equals(values.getShape())) {
            throw new IllegalArgumentException("momentum buffer of " + name + " is " + values.getShape()
                    + ", the parameter is " + weight.getShape());
        }
        NDArray copy = values.toType(weight.getDataType(), true);
        NDScope.unregister(copy); // lives as long as the optimizer, not the caller's scope
        copy.attach(weight.getManager());
        NDArray old = momentumBuffers.put(r.parameter.getId(), copy);
        if (old != null) {
            old.close();
        }
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int step = updateCount(parameterId) - 1;
        steps = Math.max(steps, step + 1);
        Registered r = registered.get(parameterId);
        double lrMultiplier = r == null ? 1.0 : r.lrMultiplier;
        boolean decay = r == null ? !noDecay.test("", weight.getShape()) : r.decay;
        // Scalars stay double: like PyTorch, the engine rounds them to the tensor's dtype.
        double lr = schedule.lr(step) * lrMultiplier;
        double momentum = schedule.momentum(step);
        double wd = decay ? getWeightDecay() : 0.0;
        try (NDScope scope = new NDScope()) {
            NDArray d = grad;
            if (rescaleGrad != 1f) {
                d = d.mul(rescaleGrad);
            }
            if (clipGrad > 0) {
                d = d.clip(-clipGrad, clipGrad);
            }
            if (wd != 0) {
                d = d.add(weight.mul(wd));
            }
            if (momentum != 0) {
                NDArray buf = momentumBuffers.get(parameterId);
                if (buf == null) {
                    buf = d.duplicate();
                    NDScope.unregister(buf);
                    buf.attach(weight.getManager());
                    momentumBuffers.put(parameterId, buf);
                } else {
                    buf.muli(momentum).addi(dampening == 0 ? d : d.mul(1 - dampening));
                }
                d = nesterov ? d.add(buf.mul(momentum)) : buf;
            }
            weight.subi(d.mul(lr));
            if (weight.hasGradient()) {
                weight.getGradient().set(new NDIndex("..."), 0); // DJL convention: optimizers zero it
            }
        }
    }

    /** Builder of {@link PyTorchSgd}; weight decay via {@link #optWeightDecays(float)}. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private Schedule schedule;
        private double dampening;
        private boolean nesterov;
        private BiPredicate<String, Shape> noDecay = (name, shape) -> shape.dimension() <= 1;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The learning rate and momentum per step (required). */
        public Builder setSchedule(Schedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
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

        /**
         * Which parameters get no weight decay, from their name and shape. Default: tensors of at
         * most one dimension (biases and normalisation scales / shifts).
         */
        public Builder optNoDecay(BiPredicate<String, Shape> noDecay) {
            this.noDecay = Objects.requireNonNull(noDecay, "noDecay");
            return this;
        }

        /** Builds the optimizer. */
        public PyTorchSgd build() {
            if (schedule == null) {
                throw new IllegalStateException("PyTorchSgd needs a schedule (setSchedule)");
            }
            if (nesterov && dampening != 0) {
                throw new IllegalStateException("Nesterov momentum requires zero dampening");
            }
            return new PyTorchSgd(this);
        }
    }
}

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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * What PyTorch-style optimizers share: registered parameters with learning-rate multipliers and a
 * no-decay rule, a {@link Schedule} read at every step, per-parameter state buffers that a
 * checkpoint keeps, and the step loop. Subclasses give the update rule ({@link #apply}).
 *
 * <p>Two ways to drive one:
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
 * are honoured (applied to the gradient first). Updates must run outside a {@code
 * GradientCollector} (in-place changes of tensors that require gradients).
 */
public abstract class PyTorchOptimizer extends Optimizer {

    private final Schedule schedule;
    private final BiPredicate<String, Shape> noDecay;
    private final Map<String, Registered> registered = new LinkedHashMap<>();
    /** Buffer name -> parameter id -> buffer. */
    private final Map<String, Map<String, NDArray>> buffers = new ConcurrentHashMap<>();
    private int steps;

    /** How one registered parameter is updated. */
    private record Registered(String name, Parameter parameter, double lrMultiplier, boolean decay) {}

    protected PyTorchOptimizer(Builder<?> builder) {
        super(builder);
        this.schedule = builder.schedule;
        this.noDecay = builder.noDecay;
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
        Registered entry = new Registered(trainable.name(), p, trainable.lrMultiplier(), !noDecay.test(trainable.name(), shape));
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
        return byName(name).decay;
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

    /** Names of the state buffers this rule keeps per parameter (e.g. {@code momentum}). */
    public abstract List<String> bufferNames();

    /**
     * The state buffers of the registered parameters that have them, keyed {@code
     * <buffer>.<parameter name>}, in registration order: the optimizer state a checkpoint must keep
     * so that a resumed run continues exactly. The arrays are live; do not change them.
     */
    public Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (Registered r : registered.values()) {
            for (String b : bufferNames()) {
                NDArray buf = buffers.getOrDefault(b, Map.of()).get(r.parameter.getId());
                if (buf != null) {
                    out.put(b + "." + r.name, buf);
                }
            }
        }
        return out;
    }

    /**
     * Sets the state buffer {@code key} ({@code <buffer>.<parameter name>}, as {@link #state()}
     * gave it) to a copy of {@code values}, owned by the parameter's manager.
     *
     * @throws IllegalArgumentException if the buffer or parameter is unknown or the shape differs
     *     from the parameter's
     */
    public void restoreState(String key, NDArray values) {
        String buffer = bufferNames().stream().filter(b -> key.startsWith(b + "."))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no optimizer state " + key
                        + " (this optimizer keeps " + bufferNames() + ")"));
        Registered r = byName(key.substring(buffer.length() + 1));
        NDArray weight = r.parameter.getArray();
        if (!weight.getShape().equals(values.getShape())) {
            throw new IllegalArgumentException(key + " is " + values.getShape() + ", the parameter is " + weight.getShape());
        }
        // A copy in libtorch's memory: DJL's toType(same dtype, copy=true) returns an alias, not a copy.
        NDArray cast = values.toType(weight.getDataType(), false);
        NDArray copy = cast.duplicate();
        if (cast != values) {
            cast.close();
        }
        NDArray old = keep(buffer, r.parameter.getId(), copy, weight);
        if (old != null) {
            old.close();
        }
    }

    /** The buffer {@code buffer} of a parameter, or null before its first update. */
    protected NDArray buffer(String buffer, String parameterId) {
        return buffers.getOrDefault(buffer, Map.of()).get(parameterId);
    }

    /**
     * Keeps {@code array} as the buffer {@code buffer} of a parameter for the optimizer's life
     * (out of the caller's scope, owned by the weight's manager); returns the buffer it replaces.
     */
    protected NDArray keep(String buffer, String parameterId, NDArray array, NDArray weight) {
        NDScope.unregister(array);
        array.attach(weight.getManager());
        return buffers.computeIfAbsent(buffer, b -> new ConcurrentHashMap<>()).put(parameterId, array);
    }

    /** {@inheritDoc} */
    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        int step = updateCount(parameterId) - 1;
        steps = Math.max(steps, step + 1);
        Registered r = registered.get(parameterId);
        double lrMultiplier = r == null ? 1.0 : r.lrMultiplier;
        boolean decay = r == null ? !noDecay.test("", weight.getShape()) : r.decay;
        // Scalars stay double: like PyTorch, the engine rounds them to the tensor's dtype.
        double lr = schedule.lr(step) * lrMultiplier;
        double wd = decay ? getWeightDecay() : 0.0;
        try (NDScope scope = new NDScope()) {
            NDArray g = grad;
            if (rescaleGrad != 1f) {
                g = g.mul(rescaleGrad);
            }
            if (clipGrad > 0) {
                g = g.clip(-clipGrad, clipGrad);
            }
            apply(parameterId, weight, g, step, lr, wd);
            if (weight.hasGradient()) {
                weight.getGradient().set(new NDIndex("..."), 0); // DJL convention: optimizers zero it
            }
        }
    }

    /**
     * Updates {@code weight} in place from its gradient.
     *
     * @param parameterId for {@link #buffer} and {@link #keep}
     * @param weight the parameter's array
     * @param grad its gradient (after rescaling and clipping)
     * @param step 0-based step index
     * @param lr this step's learning rate, multiplier applied
     * @param wd the weight decay, 0 for parameters excluded from it
     */
    protected abstract void apply(String parameterId, NDArray weight, NDArray grad, int step, double lr, double wd);

    private Registered byName(String name) {
        return registered.values().stream()
                .filter(e -> e.name.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no registered parameter " + name));
    }

    /** Options every rule has; {@link #setSchedule} is required. */
    public abstract static class Builder<T extends Builder<T>> extends OptimizerBuilder<T> {
        private Schedule schedule;
        private BiPredicate<String, Shape> noDecay = (name, shape) -> shape.dimension() <= 1;

        /** The learning rate and momentum per step (required). */
        public T setSchedule(Schedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return self();
        }

        /**
         * Which parameters get no weight decay, from their name and shape. Default: tensors of at
         * most one dimension (biases and normalisation scales / shifts).
         */
        public T optNoDecay(BiPredicate<String, Shape> noDecay) {
            this.noDecay = Objects.requireNonNull(noDecay, "noDecay");
            return self();
        }

        /** Builds the optimizer. */
        public abstract PyTorchOptimizer build();

        /** Checks what every rule needs. */
        protected void validate(String optimizer) {
            if (schedule == null) {
                throw new IllegalStateException(optimizer + " needs a schedule (setSchedule)");
            }
        }
    }
}

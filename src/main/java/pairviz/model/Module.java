package pairviz.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import pairviz.model.layers.Bf16Kernels;

/**
 * A DJL block whose parameters carry state-dict names and the shapes they must have.
 *
 * <p>Sub-modules and parameters are registered under the names a PyTorch state dict uses, so
 * {@link #namedParameters()} lists every parameter as e.g.
 * {@code transformer.encoder.layer.0.attn.query.weight} together with its expected shape. Loading
 * a checkpoint is then a matter of matching names and shapes (see {@code pairviz.loading.WeightLoader}).
 */
public abstract class Module extends AbstractBlock {

    /** A parameter and the shape its array must have. */
    public record Slot(Parameter parameter, Shape shape) {}

    private final Map<String, Slot> ownParameters = new LinkedHashMap<>();
    private final Map<String, Module> modules = new LinkedHashMap<>();
    private Precision precision = Precision.FP32;

    /** Declares a parameter of this module with its expected shape. */
    protected final Parameter param(String name, Parameter.Type type, long... shape) {
        Parameter p = addParameter(Parameter.builder().setName(name).setType(type).build());
        ownParameters.put(name, new Slot(p, new Shape(shape)));
        return p;
    }

    /** Registers a sub-module under its state-dict name. */
    protected final <M extends Module> M module(String name, M module) {
        addChildBlock(name, module);
        modules.put(name, module);
        return module;
    }

    /** Every parameter of this module and its sub-modules, by state-dict name, in order. */
    public final Map<String, Slot> namedParameters() {
        Map<String, Slot> out = new LinkedHashMap<>();
        collect("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Slot> out) {
        ownParameters.forEach((name, slot) -> out.put(prefix + name, slot));
        modules.forEach((name, m) -> m.collect(prefix + name + ".", out));
    }

    /** Sets the precision of this module's matrix products and convolutions, and of all its sub-modules'. */
    public final void setPrecision(Precision p) {
        precision = Objects.requireNonNull(p);
        modules.values().forEach(m -> m.setPrecision(p));
    }

    /** The precision of this module's matrix products and convolutions ({@link Precision#FP32} unless set). */
    public final Precision precision() {
        return precision;
    }

    /** a b in this module's precision: [..., n, k] x [..., k, m] -> [..., n, m]. */
    protected final NDArray matMul(NDArray a, NDArray b) {
        return precision == Precision.BF16 ? Bf16Kernels.matMul(a, b) : a.matMul(b);
    }

    /** The array of a parameter for this forward pass. */
    protected static NDArray value(ParameterStore ps, Parameter p, Device device, boolean training) {
        return ps.getValue(p, device, training);
    }

    /**
     * Moves an array derived from a parameter (a reshape, a broadcast) into the manager of the
     * activations it is used with. NDArray results belong to the manager of their first operand,
     * so without this every forward pass would leave arrays behind in the model's own manager.
     */
    protected static NDArray local(NDArray derived, NDArray activation) {
        return local(derived, activation.getManager());
    }

    /** Moves an array derived from a parameter into {@code manager}. */
    protected static NDArray local(NDArray derived, NDManager manager) {
        derived.attach(manager);
        return derived;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " infers no shapes; run it instead");
    }
}

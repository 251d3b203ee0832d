package pairviz.explain;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import pairviz.PairvizException;
import pairviz.loading.EmbeddingModel;
import pairviz.model.AttentionTap;
import pairviz.model.Engines;
import pairviz.model.Trace;

/**
 * One forward pass of a batch under autograd, kept so that any number of backward passes can go
 * through it: each backward takes the gradient of {@code f_i = unit(beta_i) . d_i} (image i's
 * similarity to its own direction, summed over the batch) with respect to what the mode uses and
 * nothing else: the attention maps of the layers from {@code fromLayer} up (through a zero leaf
 * added to each, {@code A + Z}: {@code dZ = dA}; no leaf below, so autograd records nothing below
 * the first tapped layer) and, only when asked, the input pixels. The network's weights never
 * require a gradient ({@link EmbeddingModel}), so no backward computes theirs.
 *
 * <p>Every array of the pass lives in its manager, closed with the pass; the gradients of a
 * backward go to the caller's manager and hold until the next backward. DJL allows one gradient
 * collector at a time in a JVM: passes take turns on {@link #LOCK}, which every user of a pass holds.
 */
final class GradientPass implements AutoCloseable {
    /** Held while a pass is made or used. */
    static final Object LOCK = new Object();
    /** {@code fromLayer} for a pass that taps no attention map. */
    static final int NO_ATTENTION = Integer.MAX_VALUE;

    private final EmbeddingModel model;
    private final NDManager manager;
    private final NDArray input; // [B, 3, S, S]
    private final NDArray unit; // [B, E], in the graph
    private final boolean inputGradient;
    private final List<NDArray> probes; // per layer [B, H, T, T], null below fromLayer
    private final List<NDArray> attentions; // per layer [B, H, T, T], detached, null below fromLayer
    private final Trace trace;
    private boolean gradientsTaken;

    private GradientPass(EmbeddingModel model, NDManager manager, NDArray input, NDArray unit, boolean inputGradient,
            List<NDArray> probes, List<NDArray> attentions, Trace trace) {
        this.model = model;
        this.manager = manager;
        this.input = input;
        this.unit = unit;
        this.inputGradient = inputGradient;
        this.probes = probes;
        this.attentions = attentions;
        this.trace = trace;
    }

    /**
     * Runs the forward pass; the caller holds {@link #LOCK}.
     *
     * @param manager the pass's own manager (closed with the pass)
     * @param images the normalised inputs [B, 3, S, S], in {@code manager}
     * @param fromLayer the first layer whose attention map's gradient is taken; {@link #NO_ATTENTION} for none
     * @param inputGradient whether backward passes take the gradient of the input pixels
     */
    static GradientPass forward(EmbeddingModel model, NDManager manager, NDArray images, int fromLayer,
            boolean inputGradient) {
        long start = System.nanoTime();
        List<NDArray> probes = new ArrayList<>();
        List<NDArray> attentions = new ArrayList<>();
        AttentionTap tap = fromLayer == NO_ATTENTION ? AttentionTap.NONE : (layer, p) -> {
            if (layer < fromLayer) {
                return p;
            }
            NDArray z = manager.zeros(p.getShape(), p.getDataType());
            z.setRequiresGradient(true);
            put(probes, layer, z);
            put(attentions, layer, p.stopGradient());
            return p.add(z);
        };
        if (inputGradient) {
            images.setRequiresGradient(true);
        }
        try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
            Trace trace = model.network().trace(new ParameterStore(manager, false), images, false, tap);
            NDArray beta = trace.beta(); // [B, E]
            NDArray unit = beta.div(beta.norm(new int[] {1}, true)); // [B, E]
            PassCounts.forward((int) images.getShape().get(0), start);
            return new GradientPass(model, manager, images, unit, inputGradient, probes, attentions, trace);
        } catch (EngineException failure) {
            throw untraceable(model, failure);
        }
    }

    /** The forward pass's trace (its arrays are in the graph: read them, do not differentiate them). */
    Trace trace() {
        return trace;
    }

    /** Whether backward passes take the input's gradient. */
    boolean takesInputGradient() {
        return inputGradient;
    }

    /** Images in the batch. */
    int batch() {
        return (int) unit.getShape().get(0);
    }

    /** Layer l's attention probabilities [B, H, T, T] (detached); null below the first tapped layer. */
    NDArray attention(int layer) {
        return layer < attentions.size() ? attentions.get(layer) : null;
    }

    /** The number of layers whose attention map was seen (0 for a pass that taps none). */
    int layers() {
        return attentions.size();
    }

    /**
     * The gradients of one backward pass.
     *
     * @param objective f, [B]
     * @param attentionGradients df / dA of each layer [B, H, T, T], null below the first tapped layer
     * @param inputGradient df / d pixels [B, 3, S, S], or null unless the pass takes it
     */
    record Gradients(NDArray objective, List<NDArray> attentionGradients, NDArray inputGradient) {}

    /**
     * The directions of round {@code k} of backward passes through a batch of {@code b} images:
     * row r toward its k-th target, zeros for a row with fewer; B x E numbers for {@link #backward}.
     *
     * @param rows each row's targets, {@code direction} giving each one's direction (E numbers)
     */
    static <T> float[] roundDirections(int b, int e, List<? extends List<T>> rows, int k,
            java.util.function.Function<T, double[]> direction) {
        float[] d = new float[b * e];
        for (int r = 0; r < rows.size(); r++) {
            if (k < rows.get(r).size()) {
                double[] dir = direction.apply(rows.get(r).get(k));
                if (dir.length != e) {
                    throw new IllegalArgumentException("target has width " + dir.length + ", embeddings " + e);
                }
                for (int j = 0; j < e; j++) {
                    d[r * e + j] = (float) dir[j];
                }
            }
        }
        return d;
    }

    /**
     * One backward pass through the kept graph; the caller holds {@link #LOCK}.
     *
     * @param into where the gradients go (they hold until the next backward of this pass)
     * @param directions each image's target direction, B x E numbers (zeros for an image whose map is not asked)
     */
    Gradients backward(NDManager into, float[] directions) {
        long start = System.nanoTime();
        int b = batch();
        long e = unit.getShape().get(1);
        if (directions.length != b * e) {
            throw new IllegalArgumentException("target has width " + directions.length / b + ", embeddings " + e);
        }
        for (NDArray z : probes) { // the leaves add up the gradients of every backward: start from zero
            if (z != null && gradientsTaken) {
                JniUtils.zeroGrad((PtNDArray) z);
            }
        }
        if (inputGradient && gradientsTaken) {
            JniUtils.zeroGrad((PtNDArray) input);
        }
        NDArray d = into.create(directions, new Shape(b, e)); // [B, E]
        boolean wasRecording = JniUtils.isGradMode();
        JniUtils.setGradMode(true); // the objective joins the kept graph (this thread only)
        NDArray objective;
        NDArray total;
        try {
            objective = d.mul(unit).sum(new int[] {1}); // [B]
            total = objective.sum();
        } finally {
            JniUtils.setGradMode(wasRecording);
        }
        try {
            JniUtils.backward((PtNDArray) total, (PtNDArray) into.ones(total.getShape(), total.getDataType()), true, false);
        } catch (EngineException failure) {
            throw untraceable(model, failure);
        }
        gradientsTaken = true;
        List<NDArray> grads = new ArrayList<>(probes.size());
        for (NDArray z : probes) {
            NDArray g = z == null ? null : z.getGradient();
            if (g != null) {
                g.attach(into);
            }
            grads.add(g);
        }
        NDArray dx = null;
        if (inputGradient) {
            dx = input.getGradient();
            dx.attach(into);
        }
        PassCounts.backward(b, start);
        return new Gradients(objective.stopGradient(), Collections.unmodifiableList(grads), dx);
    }

    @Override
    public void close() {
        manager.close();
    }

    /** A forward and one backward pass of pixels, freed on return except what {@code read} copies out. */
    static <T> T once(EmbeddingModel model, List<float[]> pixels, float[] directions, int fromLayer, boolean inputGradient,
            java.util.function.BiFunction<GradientPass, Gradients, T> read) {
        synchronized (LOCK) {
            try (NDManager sub = model.manager().newSubManager();
                    GradientPass pass = forward(model, sub.newSubManager(), model.input(sub, pixels), fromLayer, inputGradient)) {
                return read.apply(pass, pass.backward(sub, directions));
            }
        }
    }

    private static void put(List<NDArray> list, int layer, NDArray a) {
        while (list.size() <= layer) {
            list.add(null);
        }
        list.set(layer, a);
    }

    /** A TorchScript network traced without autograd (docs/models.md). */
    private static PairvizException untraceable(EmbeddingModel model, EngineException failure) {
        String m = String.valueOf(failure.getMessage());
        return new PairvizException("libtorch cannot take the gradient through " + model.source() + " ("
                + m.lines().findFirst().orElse(m).strip() + "); a TorchScript network must be traced with "
                + "autograd on (docs/models.md)", failure);
    }

    /** Directions as B x E floats. */
    static float[] directions(List<double[]> directions) {
        int e = directions.get(0).length;
        float[] out = new float[directions.size() * e];
        for (int i = 0; i < directions.size(); i++) {
            double[] d = directions.get(i);
            if (d.length != e) {
                throw new IllegalArgumentException("targets of different widths: " + d.length + " and " + e);
            }
            for (int j = 0; j < e; j++) {
                out[i * e + j] = (float) d[j];
            }
        }
        return out;
    }
}

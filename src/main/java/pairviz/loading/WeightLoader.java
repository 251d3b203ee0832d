package pairviz.loading;

import pairviz.model.EmbeddingNetwork;
import pairviz.model.Module;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import pairviz.PairvizException;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * Puts weights into a network's parameters, by state-dict name, after checking that the names and
 * shapes fit exactly; and takes them out again.
 */
public final class WeightLoader {
    private WeightLoader() {}

    /**
     * Sets every parameter of {@code network} from {@code weights}, creating the arrays in
     * {@code manager}, for inference: the arrays do not require gradients, and a tensor read
     * through a memory map ({@link Tensor#mappedBytes()}) becomes an array over the file's bytes,
     * without a copy (no step of pairviz writes into a frozen network's parameters; the map is
     * read-only). Replacing the checkpoint file while the model is in use is safe; truncating it in
     * place is not.
     *
     * @param source a name for the weights in error messages (usually the file name)
     * @throws PairvizException listing the missing, unexpected and wrongly shaped tensors when the
     *     weights do not fit the network exactly, or naming the first tensor that holds NaN or
     *     infinity
     */
    public static void load(EmbeddingNetwork network, StateDict weights, NDManager manager, String source) {
        load(network, weights, manager, source, true);
    }

    /**
     * {@link #load}, every array a copy of its own in {@code manager}: training changes the
     * parameters in place.
     */
    public static void loadForTraining(EmbeddingNetwork network, StateDict weights, NDManager manager, String source) {
        load(network, weights, manager, source, false);
    }

    private static void load(EmbeddingNetwork network, StateDict weights, NDManager manager, String source,
            boolean keepMaps) {
        Map<String, Module.Slot> slots = network.namedParameters();
        checkFits(slots, weights, source, network.config().describe());
        for (Map.Entry<String, Module.Slot> e : slots.entrySet()) {
            Tensor t = weights.get(e.getKey());
            Shape shape = e.getValue().shape();
            NDArray array = t.mappedBytes().filter(b -> keepMaps)
                    .map(b -> manager.create(b, shape, DataType.FLOAT32)) // aliases the map: a direct buffer
                    .orElseGet(() -> manager.create(FloatBuffer.wrap(t.data()), shape));
            e.getValue().parameter().setArray(array);
            if (!finiteSum(array)) { // a NaN or infinity, or finite values too large to sum: look value by value
                checkFinite(List.of(e.getKey()), weights, source);
            }
        }
    }

    /**
     * Whether the sum of {@code a}'s values is finite, which it is not if any value is NaN or
     * infinite: one pass of the engine over the values, on every core.
     */
    private static boolean finiteSum(NDArray a) {
        try (NDArray sum = a.sum()) {
            return Float.isFinite(sum.getFloat());
        }
    }

    /** Checks names and shapes; throws one message that says everything that is wrong. */
    static void checkFits(Map<String, Module.Slot> slots, StateDict weights, String source, String arch) {
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        for (Map.Entry<String, Module.Slot> e : slots.entrySet()) {
            Tensor t = weights.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(t.shape(), e.getValue().shape().getShape())) {
                wrongShape.add(e.getKey() + " is " + t.shapeString() + ", expected "
                        + Arrays.toString(e.getValue().shape().getShape()));
            }
        }
        List<String> unexpected = weights.names().stream().filter(n -> !slots.containsKey(n)).toList();
        if (missing.isEmpty() && wrongShape.isEmpty() && unexpected.isEmpty()) {
            return; // values are checked once they are in the engine's arrays
        }
        StringBuilder msg = new StringBuilder("checkpoint " + source + " does not fit " + arch + ":");
        describe(msg, "missing", missing);
        describe(msg, "of the wrong shape", wrongShape);
        describe(msg, "unexpected", unexpected);
        throw new PairvizException(msg.toString());
    }

    /**
     * Refuses weights holding NaN or infinity, naming the first: every map, score and embedding
     * computed from them would be NaN.
     */
    static void checkFinite(Iterable<String> names, StateDict weights, String source) {
        for (String name : names) {
            Tensor t = weights.get(name);
            long i = t.firstNonFinite();
            if (i >= 0) {
                throw new PairvizException("checkpoint " + source + " has " + t.get(i) + " in tensor '" + name
                        + "' (at index " + i + "); a network with such weights computes nothing but NaN");
            }
        }
    }

    private static void describe(StringBuilder msg, String what, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        int shown = Math.min(3, names.size());
        msg.append(' ').append(names.size()).append(names.size() == 1 ? " tensor " : " tensors ").append(what)
                .append(" (").append(String.join("; ", names.subList(0, shown)))
                .append(names.size() > shown ? "; ..." : "").append(')').append(';');
    }

    /** The current parameters of {@code network} as a state dict (a copy). */
    public static StateDict stateDict(EmbeddingNetwork network) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        network.namedParameters().forEach((name, slot) -> {
            NDArray a = slot.parameter().getArray();
            out.put(name, new Tensor(a.getShape().getShape(), a.toFloatArray()));
        });
        return StateDict.of(out);
    }

    /** Standard deviation of {@link #randomWeights}' weights. */
    public static final double RANDOM_STD = 0.02;

    /**
     * Random weights for a network that has not been trained: normal(0, 0.02) for weights and
     * embeddings, zero biases, unit norm scales (BatchNorm: zero running mean, unit running variance).
     * The same seed gives the same weights everywhere.
     */
    public static StateDict randomWeights(EmbeddingNetwork network, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> out = new LinkedHashMap<>();
        network.namedParameters().forEach((name, slot) -> {
            Shape shape = slot.shape();
            float[] data = new float[Math.toIntExact(shape.size())];
            switch (slot.parameter().getType()) {
                case GAMMA, RUNNING_VAR -> Arrays.fill(data, 1f);
                case BIAS, BETA, RUNNING_MEAN -> { } // zeros
                default -> {
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (float) (RANDOM_STD * gaussian(random));
                    }
                }
            }
            out.put(name, new Tensor(shape.getShape(), data));
        });
        return StateDict.of(out);
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller: java.util.Random's gaussian is not available on SplittableRandom in Java 17
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}

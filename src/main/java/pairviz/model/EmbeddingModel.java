package pairviz.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.StateDict;

/**
 * A network with its weights, ready for inference: owns the native memory of its parameters.
 * Thread-safe for concurrent {@link #trace} calls; the parameters never require gradients.
 */
public final class EmbeddingModel implements AutoCloseable {
    private final NDManager manager;
    private final EmbeddingNetwork network;
    private final String source;

    private EmbeddingModel(NDManager manager, EmbeddingNetwork network, String source) {
        this.manager = manager;
        this.network = network;
        this.source = source;
    }

    /**
     * Reads a checkpoint (.pth, .safetensors, .npz), adapts foreign names, works out the
     * architecture (or checks it against {@code options.model()}) and loads the weights. Settings
     * left null in {@code options} are taken from a {@code .safetensors} file's metadata when it
     * records them ({@link CheckpointMetadata}: pairviz's own checkpoints do).
     */
    public static EmbeddingModel load(Path weights, ModelOptions options) {
        StateDict dict = CheckpointAdapters.canonical(Checkpoints.read(weights));
        String name = weights.getFileName().toString();
        ModelOptions filled = isSafetensors(weights)
                ? CheckpointMetadata.fill(options, Checkpoints.readSafetensorsMetadata(weights), name)
                : options;
        ModelConfig config = Architectures.of(dict, filled, name);
        return fromWeights(config, dict, name);
    }

    /** Whether {@code file} is named as a safetensors file (only those carry metadata). */
    private static boolean isSafetensors(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".safetensors");
    }

    /** A model of the given architecture with the given weights (canonical names). */
    public static EmbeddingModel fromWeights(ModelConfig config, StateDict weights, String source) {
        EmbeddingNetwork network = config.newNetwork();
        NDManager manager = Engines.pytorch().newBaseManager();
        try {
            WeightLoader.load(network, weights, manager, source);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return new EmbeddingModel(manager, network, source);
    }

    /** An untrained model with seeded random weights (for demos, tests and benchmarks). */
    public static EmbeddingModel random(ModelConfig config, long seed) {
        return fromWeights(config, WeightLoader.randomWeights(config.newNetwork(), seed), "random(seed " + seed + ")");
    }

    /** Runs a batch of normalised images [B, 3, S, S]; the trace lives in the images' manager. */
    public Trace trace(NDArray images) {
        ParameterStore ps = new ParameterStore(images.getManager(), false);
        return network.trace(ps, images, false);
    }

    public ModelConfig config() {
        return network.config();
    }

    public EmbeddingNetwork network() {
        return network;
    }

    /** Where the weights came from (file name), for reports. */
    public String source() {
        return source;
    }

    /** The manager that owns the parameters; make per-call sub-managers from it. */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}

package pairviz.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pairviz.model.family.CheckpointFamilies;
import pairviz.model.family.CheckpointReading;
import pairviz.model.family.CheckpointSource;
import pairviz.model.family.TorchScript;
import pairviz.model.onnx.OnnxModels;
import pairviz.model.onnx.OnnxReader;
import pairviz.model.torchscript.TorchScriptNetwork;
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
    private CheckpointReading reading; // set once by load; null for weights built in memory

    private EmbeddingModel(NDManager manager, EmbeddingNetwork network, String source) {
        this.manager = manager;
        this.network = network;
        this.source = source;
    }

    /**
     * Reads a checkpoint (.pth, .safetensors, .npz) with the family it belongs to, works out the
     * architecture (or checks it against {@code options.model()}) and loads the weights. Settings
     * left null in {@code options} are taken from a {@code .safetensors} file's metadata when it
     * records them ({@link CheckpointMetadata}: pairviz's own checkpoints do). A TorchScript archive
     * ({@code torch.jit.save}) is run as the network itself ({@link TorchScriptNetwork}: docs/models.md).
     */
    public static EmbeddingModel load(Path weights, ModelOptions options) {
        if (OnnxReader.isOnnx(weights)) { // an ONNX model (docs/models.md)
            return OnnxModels.load(weights, options);
        }
        if (pairviz.model.tfjs.TfjsModels.sniff(weights)) { // a TensorFlow.js model.json (docs/models.md)
            return pairviz.model.tfjs.TfjsModels.load(weights, options);
        }
        if (Checkpoints.isTorchScript(weights)) {
            return loadTorchScript(weights, options);
        }
        CheckpointReading reading = read(weights, options);
        EmbeddingModel model = fromWeights(reading.config(), reading.weights(), weights.getFileName().toString());
        model.reading = reading;
        return model;
    }

    /**
     * What pairviz reads from a checkpoint, without building its network: family, architecture,
     * weights in the network's names, and what it ignored.
     */
    public static CheckpointReading read(Path weights, ModelOptions options) {
        if (Checkpoints.isTorchScript(weights) || pairviz.model.tfjs.TfjsModels.sniff(weights) || OnnxReader.isOnnx(weights)) {
            try (EmbeddingModel m = load(weights, options)) {
                return m.reading();
            }
        }
        StateDict dict = Checkpoints.read(weights);
        String name = weights.getFileName().toString();
        Map<String, String> metadata = isSafetensors(weights) ? Checkpoints.readSafetensorsMetadata(weights) : Map.of();
        ModelOptions filled = CheckpointMetadata.fill(options, metadata, name);
        return CheckpointFamilies.read(dict, new CheckpointSource(name, weights, filled, metadata));
    }

    /**
     * A network exported to TorchScript ({@link TorchScriptNetwork}): loaded into a manager of its
     * own and run once to read its architecture.
     */
    private static EmbeddingModel loadTorchScript(Path weights, ModelOptions options) {
        String name = weights.getFileName().toString();
        NDManager manager = Engines.pytorch().newBaseManager();
        try {
            TorchScriptNetwork network = TorchScriptNetwork.load(weights, manager, options.imageSize(), options.pooling());
            EmbeddingModel model = new EmbeddingModel(manager, network, name);
            model.reading = TorchScript.reading(network, new CheckpointSource(name, weights, options, Map.of()));
            return model;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A network that brings its own weights (a graph read from a file) as a model: {@code manager}
     * owns its arrays and is closed with the model.
     */
    public static EmbeddingModel of(NDManager manager, EmbeddingNetwork network, String source, CheckpointReading reading) {
        EmbeddingModel model = new EmbeddingModel(manager, network, source);
        model.reading = reading;
        return model;
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

    /**
     * The embeddings of a batch of preprocessed images, in one forward pass, and nothing else
     * (no tokens, no attention kept): the one batch-embedding path of pairviz (retrieval,
     * galleries, the training-time evaluation, the perturbation curves). Native memory is freed
     * on return.
     *
     * @param images each 3 x S x S, normalised, channel-major
     * @return one embedding (E numbers) per image, in order
     */
    public List<float[]> embeddings(List<float[]> images) {
        int b = images.size();
        try (NDManager sub = manager.newSubManager()) {
            float[] beta = trace(input(sub, images)).beta().toFloatArray(); // [B, E]
            int e = beta.length / b;
            List<float[]> out = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                float[] row = new float[e];
                System.arraycopy(beta, i * e, row, 0, e);
                out.add(row);
            }
            return out;
        }
    }

    /**
     * A batch of preprocessed images as one array in {@code manager}.
     *
     * @param images each 3 x S x S (S the model's input side), normalised, channel-major
     * @return [B, 3, S, S]
     * @throws IllegalArgumentException for an image of another size
     */
    public NDArray input(NDManager manager, List<float[]> images) {
        int s = config().imageSize();
        FloatBuffer batch = FloatBuffer.allocate(images.size() * 3 * s * s);
        for (float[] img : images) {
            if (img.length != 3 * s * s) {
                throw new IllegalArgumentException("image of " + img.length + " values, expected 3 x " + s + " x " + s);
            }
            batch.put(img);
        }
        return manager.create(batch.flip(), new Shape(images.size(), 3, s, s));
    }

    /**
     * Sets the precision of the network's matrix products and convolutions (float32 unless set);
     * set it before the model is used, not while traces run.
     */
    public EmbeddingModel setPrecision(Precision p) {
        network.setPrecision(p);
        return this;
    }

    /** The precision of the network's matrix products and convolutions. */
    public Precision precision() {
        return network.precision();
    }

    public ModelConfig config() {
        return network.config();
    }

    public EmbeddingNetwork network() {
        return network;
    }

    /**
     * What was read from the checkpoint file (family, ignored tensors, notes for the user), or
     * null when the model was built from weights in memory.
     */
    public CheckpointReading reading() {
        return reading;
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

package pairviz.loading;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pairviz.image.Normalization;
import pairviz.image.Preprocessing;
import pairviz.loading.family.CheckpointReading;
import pairviz.model.Architecture;
import pairviz.model.EmbeddingNetwork;
import pairviz.model.Engines;
import pairviz.model.ModelConfig;
import pairviz.model.Precision;
import pairviz.model.Trace;
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
    private Preprocessing preprocessing; // set once by load; null for weights built in memory

    private EmbeddingModel(NDManager manager, EmbeddingNetwork network, String source) {
        this.manager = manager;
        this.network = network;
        this.source = source;
    }

    /**
     * Loads the model in {@code file}, whatever its format ({@link ModelLoader}: recognised by
     * content, never by name), with {@code options} applied (the precision included).
     *
     * @throws pairviz.PairvizException in one line if the file is missing, of no format pairviz
     *     reads, or does not make a network; {@link pairviz.BadParameterException} if an option
     *     does not fit it
     */
    public static EmbeddingModel load(Path file, ModelOptions options) {
        return ModelLoader.load(file, options);
    }

    /**
     * What pairviz reads from a model file, building its network only where that cannot be
     * avoided (a TorchScript archive): family, architecture, weights in the network's names,
     * what it ignored and every file it read ({@link ModelLoader#read}).
     */
    public static CheckpointReading read(Path file, ModelOptions options) {
        return ModelLoader.read(file, options);
    }

    /**
     * A model of a network a format built ({@link ModelFormat#load}): it owns {@code manager},
     * which holds the network's parameters.
     */
    public static EmbeddingModel of(NDManager manager, EmbeddingNetwork network, CheckpointReading reading) {
        EmbeddingModel model = new EmbeddingModel(manager, network, reading.files().isEmpty() ? network.config().kind()
                : reading.files().get(0).getFileName().toString());
        model.reading = reading;
        return model;
    }

    /** This model with its preprocessing set (the loader resolves it). */
    EmbeddingModel withPreprocessing(Preprocessing p) {
        this.preprocessing = p;
        return this;
    }

    /**
     * How this network's input is made from a photo: read from the model (its metadata, the files
     * beside it, its library's defaults), the options' overrides over it, pairviz's defaults for
     * the rest ({@link Preprocessing#origin()} says which); for weights built in memory, the
     * authors' preprocessing with ImageNet's statistics.
     */
    public Preprocessing preprocessing() {
        return preprocessing != null ? preprocessing
                : Preprocessing.authors(config().imageSize(), Normalization.IMAGENET, java.util.Map.of("norm", "default"));
    }

    /** This model with its reading replaced (the loader adds what it read around the format). */
    EmbeddingModel withReading(CheckpointReading r) {
        this.reading = r;
        return this;
    }

    /** {@code model} set to run in {@code p}, or closed and refused. */
    static EmbeddingModel withPrecision(EmbeddingModel model, Precision p) {
        try {
            return model.setPrecision(p);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * A model of the given architecture with the given weights (canonical names).
     *
     * @throws pairviz.PairvizException if pairviz cannot build {@code config}'s network
     *     ({@link Architecture#build}) or the weights do not fit it
     */
    public static EmbeddingModel fromWeights(ModelConfig config, StateDict weights, String source) {
        EmbeddingNetwork network = Architecture.build(config);
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
        return fromWeights(config, WeightLoader.randomWeights(Architecture.build(config), seed), "random(seed " + seed + ")");
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
     * Sets the precision of the network's matrix products and convolutions (the loader sets the
     * one of its {@link ModelOptions}); set it before the model is used, not while traces run.
     *
     * @throws pairviz.BadParameterException if the network cannot run {@code p} (a TorchScript
     *     network runs float32 only): never a silent fallback
     */
    public EmbeddingModel setPrecision(Precision p) {
        String why = network.refuses(p);
        if (why != null) {
            throw new pairviz.BadParameterException("{precision} " + p.label() + " does not fit " + source + ": " + why);
        }
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

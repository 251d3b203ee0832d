package pairviz.cli;

import java.nio.file.Path;
import pairviz.PairvizException;
import pairviz.image.Normalization;
import pairviz.model.EmbeddingModel;
import pairviz.model.ModelOptions;
import pairviz.model.Precision;
import pairviz.model.Preset;
import pairviz.model.vit.VitConfig;
import picocli.CommandLine.Option;

/**
 * How to build and feed a network, whatever checkpoint it is loaded from: {@link ModelMixin} adds
 * {@code --weights}; commands that load many checkpoints ({@code evolution}) use this alone.
 */
public class NetworkMixin {
    @Option(names = "--model", defaultValue = "auto", paramLabel = "NAME", completionCandidates = Preset.Names.class,
            description = "auto (read the architecture off the checkpoint) or a preset: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--heads", paramLabel = "H", description = "Attention heads of a ViT (when its checkpoint does not record them). Default: width / 64.")
    Integer heads;

    @Option(names = "--pooling", paramLabel = "mean|cls", converter = Converters.PoolingConverter.class,
            description = "ViT pooling: mean (the paper's) or cls. Default: the checkpoint's, else mean.")
    VitConfig.Pooling pooling;

    @Option(names = "--size", paramLabel = "S",
            description = "Input size. A ResNet's default is 256 for BiT, 224 for torchvision's; a TorchScript network's "
                    + "is its archive's pairviz.json, else 224; a ViT's is its checkpoint's, and another size (a multiple "
                    + "of its patch) interpolates its position embeddings bicubically.")
    Integer size;

    @Option(names = "--features", paramLabel = "NODE",
            description = "A TensorFlow.js or ONNX graph's node to decompose: its embedding (reached from a global mean through "
                    + "affine operations) or a spatial map whose mean becomes the embedding. Default: found in the graph.")
    String features;

    @Option(names = "--norm", defaultValue = "imagenet", paramLabel = "NORM",
            description = "Input normalisation: imagenet, sop, or R,G,B:R,G,B (mean:std). Default: ${DEFAULT-VALUE}.")
    String norm;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16", converter = Converters.PrecisionConverter.class,
            description = "Matrix products and convolutions in fp32 (exact) or bf16 (fast on CPUs with AMX or AVX512-BF16; "
                    + "softmax, norms and the explanation stay fp32). Default: ${DEFAULT-VALUE}.")
    Precision precision = Precision.FP32;

    /** Images per forward pass unless {@code --batch} says otherwise. */
    static final int DEFAULT_BATCH = 8;

    @Option(names = "--batch", defaultValue = "" + DEFAULT_BATCH, paramLabel = "B", description = "Images per forward pass. Default: ${DEFAULT-VALUE}.")
    int batch;

    /** Loads the network in {@code weights} as these options describe it. */
    EmbeddingModel load(Path weights) {
        if (batch < 1) {
            throw new PairvizException("--batch must be at least 1, not " + batch);
        }
        EmbeddingModel m = load(weights, options(), "");
        if (precision != Precision.FP32 && m.config() instanceof pairviz.model.graph.GraphConfig g) {
            m.close();
            throw new PairvizException("--precision " + precision.label() + " does not apply to " + weights.getFileName()
                    + ": a " + g.kind() + " runs in fp32 (leave it out)");
        }
        return m.setPrecision(precision);
    }

    /**
     * What these options say about the network, checked, as {@link EmbeddingModel#load} takes them
     * (also for loading the network elsewhere: inspect, the Spark module's executors).
     */
    public ModelOptions options() {
        return options(model, heads, pooling, size, "").withFeatures(features);
    }

    /** The options, checked; {@code suffix} as in {@link #load(Path, String, Integer, VitConfig.Pooling, Integer, String)}. */
    private static ModelOptions options(String model, Integer heads, VitConfig.Pooling pooling, Integer size, String suffix) {
        if (heads != null && heads < 1) {
            throw new PairvizException("--heads" + suffix + " must be at least 1, not " + heads);
        }
        if (size != null && (size < 16 || size > 4096)) {
            throw new PairvizException("--size" + suffix + " must be between 16 and 4096, not " + size);
        }
        return new ModelOptions(model, heads, pooling, size, null);
    }

    /** The input normalisation. */
    public Normalization normalization() {
        return Normalization.parse(norm);
    }

    /** {@code --norm} as given (as {@link Normalization#parse} reads it). */
    public String norm() {
        return norm;
    }

    /** Images per forward pass. */
    public int batch() {
        return batch;
    }

    /**
     * Loads a network; {@code suffix} is appended to option names in messages ("2" for the
     * second model's {@code --heads2}).
     */
    static EmbeddingModel load(Path weights, String model, Integer heads, VitConfig.Pooling pooling, Integer size, String suffix) {
        return load(weights, options(model, heads, pooling, size, suffix), suffix);
    }

    /** Loads a network with checked options; {@code suffix} as above. */
    private static EmbeddingModel load(Path weights, ModelOptions options, String suffix) {
        Integer heads = options.heads();
        Integer size = options.imageSize();
        EmbeddingModel m = EmbeddingModel.load(weights, options);
        if (m.reading() != null) {
            m.reading().notes().forEach(n -> System.err.println("pairviz: " + weights.getFileName() + ": " + n));
        }
        if (heads != null && !(m.config() instanceof VitConfig)) {
            String arch = m.config().describe();
            m.close();
            throw new PairvizException("--heads" + suffix + " applies to a ViT; " + weights.getFileName() + " is a "
                    + arch + ": leave it out");
        }
        if (options.features() != null && !(m.config() instanceof pairviz.model.graph.GraphConfig)) {
            String arch = m.config().describe();
            m.close();
            throw new PairvizException("--features" + suffix + " names a node of a model graph (TensorFlow.js); "
                    + weights.getFileName() + " is a " + arch + ": leave it out");
        }
        if (size != null && m.config().imageSize() != size) { // a family that can neither take nor resample the size
            int native_ = m.config().imageSize();
            m.close();
            throw new PairvizException("--size" + suffix + " " + size + " does not fit " + weights.getFileName()
                    + ", whose network takes " + native_ + " x " + native_ + " images");
        }
        return m;
    }
}

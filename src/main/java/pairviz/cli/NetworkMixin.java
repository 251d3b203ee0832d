package pairviz.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.image.PixelRange;
import pairviz.image.ResizePolicy;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.Precision;
import pairviz.loading.Preset;
import pairviz.model.vit.VitConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How to build and feed a network, whatever checkpoint it is loaded from: {@link ModelMixin} adds
 * {@code --weights}; commands that load many checkpoints ({@code evolution}) use this alone.
 */
public class NetworkMixin {
    /** The command this mixin is part of: notes go to its standard error. */
    @Spec(Spec.Target.MIXEE) CommandSpec spec;

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
            description = "A model graph's node to decompose (TensorFlow.js, ONNX): its embedding (reached from a global "
                    + "mean through affine operations) or a spatial map whose mean becomes the embedding. Default: found "
                    + "in the graph.")
    String features;

    @Option(names = "--norm", paramLabel = "NORM",
            description = "Input normalisation: imagenet, sop, or R,G,B:R,G,B (mean:std). Default: the model's "
                    + "(its metadata, preprocessor_config.json, its library's), else imagenet, said once.")
    String norm;

    @Option(names = "--resize", paramLabel = "squash|center-crop|pad", converter = Converters.ResizeConverter.class,
            description = "How a photo becomes the square input: squash (the authors'), center-crop (shorter side, then "
                    + "the centre) or pad. Default: the model's, else squash, said once.")
    ResizePolicy resize;

    @Option(names = "--crop", paramLabel = "FRACTION",
            description = "With center-crop: the crop's share of the shorter side, e.g. 0.875 (torchvision's 224 of 256). "
                    + "Default: the model's.")
    Double crop;

    @Option(names = "--pixel-range", paramLabel = "0..1|0..255|-1..1", converter = Converters.PixelRangeConverter.class,
            description = "Pixel values before normalisation. Default: the model's, else 0..1, said once.")
    PixelRange pixelRange;

    @Option(names = "--bgr", description = "The network takes blue, green, red (default: the model's, else RGB).")
    Boolean bgr;

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
        return load(weights, options(), "", err(spec));
    }

    /** The standard error of {@code command}: picocli's writer (the JVM's for a mixin made outside picocli). */
    static PrintWriter err(CommandSpec command) {
        return command != null ? command.commandLine().getErr() : new PrintWriter(System.err, true);
    }

    /**
     * What these options say about the network, checked, as {@link EmbeddingModel#load} takes them
     * (also for loading the network elsewhere: inspect, the Spark module's executors): one object
     * with every model option, the precision included.
     */
    public ModelOptions options() {
        return ModelOptions.builder().optModel(model).optHeads(heads).optPooling(pooling).optImageSize(size)
                .optPrecision(precision).optNorm(norm).optResize(resize).optCropFraction(crop).optPixelRange(pixelRange)
                .optBgr(bgr).optFeatures(features).build();
    }


    /** Images per forward pass. */
    public int batch() {
        return batch;
    }

    /**
     * Loads a network; {@code suffix} is appended to option names in messages ("2" for the
     * second model's {@code --heads2}); what loading notes is said on {@code err}.
     */
    static EmbeddingModel load(Path weights, ModelOptions options, String suffix, PrintWriter err) {
        EmbeddingModel m = EmbeddingModel.load(weights, options);
        if (m.reading() != null) {
            m.reading().notes().forEach(n -> err.println("pairviz: " + weights.getFileName() + ": "
                    + new BadParameterException(n).message(name -> "--" + name.replace(' ', '-') + suffix)));
            err.flush();
        }
        if (options.heads() != null && !(m.config() instanceof VitConfig)) {
            String arch = m.config().describe();
            m.close();
            throw new PairvizException("--heads" + suffix + " applies to a ViT; " + weights.getFileName() + " is a "
                    + arch + ": leave it out");
        }
        if (options.features() != null && !(m.config() instanceof pairviz.model.graph.GraphConfig)) {
            String arch = m.config().describe();
            m.close();
            throw new PairvizException("--features" + suffix + " names a node of a model graph (TensorFlow.js, ONNX); "
                    + weights.getFileName() + " is a " + arch + ": leave it out");
        }
        Integer size = options.imageSize();
        if (size != null && m.config().imageSize() != size) { // a family that can neither take nor resample the size
            int native_ = m.config().imageSize();
            m.close();
            throw new PairvizException("--size" + suffix + " " + size + " does not fit " + weights.getFileName()
                    + ", whose network takes " + native_ + " x " + native_ + " images");
        }
        return m;
    }
}

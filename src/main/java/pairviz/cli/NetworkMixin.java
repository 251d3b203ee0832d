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
class NetworkMixin {
    @Option(names = "--model", defaultValue = "auto", paramLabel = "NAME", completionCandidates = Preset.Names.class,
            description = "auto (read the architecture off the checkpoint) or a preset: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--heads", paramLabel = "H", description = "Attention heads of a ViT (when its checkpoint does not record them). Default: width / 64.")
    Integer heads;

    @Option(names = "--pooling", paramLabel = "mean|cls", converter = Converters.PoolingConverter.class,
            description = "ViT pooling: mean (the paper's) or cls. Default: the checkpoint's, else mean.")
    VitConfig.Pooling pooling;

    @Option(names = "--size", paramLabel = "S",
            description = "Input size for a ResNet (a ViT's comes from its checkpoint and must match if given). Default: 256.")
    Integer size;

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
        return load(weights, model, heads, pooling, size, "").setPrecision(precision);
    }

    Normalization normalization() {
        return Normalization.parse(norm);
    }

    /**
     * Loads a network; {@code suffix} is appended to option names in messages ("2" for the
     * second model's {@code --heads2}).
     */
    static EmbeddingModel load(Path weights, String model, Integer heads, VitConfig.Pooling pooling, Integer size, String suffix) {
        if (heads != null && heads < 1) {
            throw new PairvizException("--heads" + suffix + " must be at least 1, not " + heads);
        }
        if (size != null && (size < 16 || size > 4096)) {
            throw new PairvizException("--size" + suffix + " must be between 16 and 4096, not " + size);
        }
        EmbeddingModel m = EmbeddingModel.load(weights, new ModelOptions(model, heads, pooling, size, null));
        if (heads != null && !(m.config() instanceof VitConfig)) {
            String arch = m.config().describe();
            m.close();
            throw new PairvizException("--heads" + suffix + " applies to a ViT; " + weights.getFileName() + " is a "
                    + arch + ": leave it out");
        }
        if (size != null && m.config().imageSize() != size) {
            int native_ = m.config().imageSize();
            m.close();
            throw new PairvizException("--size" + suffix + " " + size + " does not fit " + weights.getFileName()
                    + ", whose position embeddings are for " + native_ + " x " + native_ + " images");
        }
        return m;
    }
}

package pairviz.cli;

import java.nio.file.Path;
import java.util.Locale;
import pairviz.PairvizException;
import pairviz.image.Normalization;
import pairviz.model.EmbeddingModel;
import pairviz.model.ModelOptions;
import pairviz.model.vit.VitConfig;
import picocli.CommandLine.Option;

/** The options that say which network to load and how to feed it. */
final class ModelMixin {
    @Option(names = "--weights", required = true, paramLabel = "FILE",
            description = "Checkpoint: PyTorch .pth/.pt, .safetensors or .npz (the authors' names, timm's, or pairviz's own).")
    Path weights;

    @Option(names = "--model", defaultValue = "auto", paramLabel = "NAME",
            description = "auto (read the architecture off the checkpoint), vit-b16, vit-b32, resnet-50, resnet-101 or resnet-152. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--heads", paramLabel = "H", description = "Attention heads of a ViT (no checkpoint records them). Default: width / 64.")
    Integer heads;

    @Option(names = "--pooling", paramLabel = "mean|cls", description = "ViT pooling: mean (the paper's) or cls. Default: mean.")
    String pooling;

    @Option(names = "--size", paramLabel = "S",
            description = "Input size for a ResNet (a ViT's comes from its checkpoint and must match if given). Default: 256.")
    Integer size;

    @Option(names = "--norm", defaultValue = "imagenet", paramLabel = "NORM",
            description = "Input normalisation: imagenet, sop, or R,G,B:R,G,B (mean:std). Default: ${DEFAULT-VALUE}.")
    String norm;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "B", description = "Images per forward pass. Default: ${DEFAULT-VALUE}.")
    int batch;

    /** Options for a checkpoint with everything else at its default (for commands that call others). */
    static ModelMixin of(Path weights) {
        ModelMixin m = new ModelMixin();
        m.weights = weights;
        m.model = "auto";
        m.norm = "imagenet";
        m.batch = 16;
        return m;
    }

    /** Loads the network the options describe. */
    EmbeddingModel load() {
        if (batch < 1) {
            throw new PairvizException("--batch must be at least 1, not " + batch);
        }
        if (heads != null && heads < 1) {
            throw new PairvizException("--heads must be at least 1, not " + heads);
        }
        if (size != null && (size < 16 || size > 4096)) {
            throw new PairvizException("--size must be between 16 and 4096, not " + size);
        }
        EmbeddingModel m = EmbeddingModel.load(weights, new ModelOptions(model, heads, pooling(), size, null));
        if (size != null && m.config().imageSize() != size) {
            int native_ = m.config().imageSize();
            m.close();
            throw new PairvizException("--size " + size + " does not fit " + weights.getFileName()
                    + ", whose position embeddings are for " + native_ + " x " + native_ + " images");
        }
        return m;
    }

    Normalization normalization() {
        return Normalization.parse(norm);
    }

    private VitConfig.Pooling pooling() {
        if (pooling == null) {
            return null;
        }
        return switch (pooling.toLowerCase(Locale.ROOT)) {
            case "mean" -> VitConfig.Pooling.MEAN;
            case "cls" -> VitConfig.Pooling.CLS;
            default -> throw new PairvizException("unknown pooling '" + pooling + "': use mean or cls");
        };
    }
}

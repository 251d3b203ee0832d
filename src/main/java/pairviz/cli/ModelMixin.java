package pairviz.cli;

import java.nio.file.Path;
import pairviz.model.EmbeddingModel;
import picocli.CommandLine.Option;

/** The options that say which network to load and how to feed it. */
final class ModelMixin extends NetworkMixin {
    @Option(names = "--weights", required = true, paramLabel = "FILE",
            description = "Checkpoint: PyTorch .pth/.pt, .safetensors or .npz (the authors' names, timm's, or pairviz's own).")
    Path weights;

    /** Loads the network the options describe. */
    EmbeddingModel load() {
        return load(weights);
    }
}

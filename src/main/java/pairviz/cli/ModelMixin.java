package pairviz.cli;

import java.nio.file.Path;
import pairviz.model.EmbeddingModel;
import picocli.CommandLine.Option;

/** The options that say which network to load and how to feed it. */
public final class ModelMixin extends NetworkMixin {
    @Option(names = "--weights", required = true, paramLabel = "FILE",
            description = "Checkpoint: PyTorch .pth/.pt, .safetensors or .npz (the authors' names, timm's, or pairviz's own), a TorchScript archive, or a TensorFlow.js model.json.")
    Path weights;

    /** The checkpoint. */
    public Path weights() {
        return weights;
    }

    /** Options for a checkpoint with everything else at its default (for commands that call others). */
    static ModelMixin of(Path weights) {
        ModelMixin m = new ModelMixin();
        m.weights = weights;
        m.model = "auto";
        m.norm = "imagenet";
        m.batch = DEFAULT_BATCH;
        return m;
    }

    /** Loads the network the options describe. */
    public EmbeddingModel load() {
        return load(weights);
    }
}

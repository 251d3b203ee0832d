package pairviz.cli;

import java.nio.file.Path;
import pairviz.model.EmbeddingModel;
import picocli.CommandLine.Option;

/**
 * How to build a second network for side-by-side figures; its checkpoint is the command's own
 * option ({@code --weights2}, {@code --compare}). Normalisation and batch size are shared with the
 * first model.
 */
final class SecondModelMixin {
    @Option(names = "--model2", defaultValue = "auto", paramLabel = "NAME", description = "--model of the second network. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--heads2", paramLabel = "H", description = "--heads of the second network.")
    Integer heads;

    @Option(names = "--pooling2", paramLabel = "mean|cls", description = "--pooling of the second network.")
    String pooling;

    @Option(names = "--size2", paramLabel = "S", description = "--size of the second network.")
    Integer size;

    EmbeddingModel load(Path weights) {
        return NetworkMixin.load(weights, model, heads, pooling, size, "2");
    }
}

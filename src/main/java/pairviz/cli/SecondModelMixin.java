package pairviz.cli;

import java.nio.file.Path;
import pairviz.BadParameterException;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.Precision;
import pairviz.model.vit.VitConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A second network for side-by-side figures ({@code compare}, {@code pose}, {@code retrieve}): its
 * checkpoint {@code --weights2} and how to build it. Normalisation and batch size are shared with
 * the first model.
 */
final class SecondModelMixin {
    /** The command this mixin is part of: notes go to its standard error. */
    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = "--weights2", paramLabel = "FILE", description = "A second model's checkpoint, drawn beside the first.")
    Path weights;

    @Option(names = "--model2", defaultValue = "auto", paramLabel = "NAME", description = "--model of the second network. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--heads2", paramLabel = "H", description = "--heads of the second network.")
    Integer heads;

    @Option(names = "--pooling2", paramLabel = "mean|cls", converter = Converters.PoolingConverter.class,
            description = "--pooling of the second network.")
    VitConfig.Pooling pooling;

    @Option(names = "--size2", paramLabel = "S", description = "--size of the second network.")
    Integer size;

    /** Whether a second model was given. */
    boolean given() {
        return weights != null;
    }

    /** Loads the second network, in the first one's precision. */
    EmbeddingModel load(Precision precision) {
        ModelOptions options;
        try {
            options = ModelOptions.builder().optModel(model).optHeads(heads).optPooling(pooling).optImageSize(size)
                    .optPrecision(precision).build();
        } catch (BadParameterException e) {
            throw new BadParameterException(e.message(name -> "{" + name + "2}")); // --size2, --heads2
        }
        return NetworkMixin.load(weights, options, "2", NetworkMixin.err(spec));
    }
}

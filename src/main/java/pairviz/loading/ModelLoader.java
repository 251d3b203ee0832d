package pairviz.loading;

import java.nio.file.Path;
import pairviz.loading.family.CheckpointReading;
import pairviz.model.weights.ModelFile;

/**
 * The one road from a model file to a network: opens the file once, recognises its format by
 * content ({@link ModelFormats}), builds the network with every option applied (the precision
 * inside loading: a network that cannot run it refuses it) and returns it with everything read
 * about it ({@link EmbeddingModel#reading()}: family, architecture, notes, and every file read,
 * e.g. a Hugging Face {@code config.json} beside the weights).
 */
public final class ModelLoader {
    private ModelLoader() {}

    /**
     * The model in {@code path}, whatever its format and name.
     *
     * @throws pairviz.PairvizException in one line if the file cannot be read or does not make a
     *     network; {@link pairviz.BadParameterException} if an option does not fit it
     */
    public static EmbeddingModel load(Path path, ModelOptions options) {
        ModelFile file = ModelFile.open(path);
        EmbeddingModel model = ModelFormats.of(file).load(file, options);
        try {
            model.withReading(model.reading().withFiles(file.filesRead()));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return EmbeddingModel.withPrecision(model, options.precision());
    }

    /** What pairviz reads from {@code path} ({@link ModelFormat#read}), every file it read included. */
    public static CheckpointReading read(Path path, ModelOptions options) {
        ModelFile file = ModelFile.open(path);
        return ModelFormats.of(file).read(file, options).withFiles(file.filesRead());
    }
}

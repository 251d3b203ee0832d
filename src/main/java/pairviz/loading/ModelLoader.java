package pairviz.loading;

import java.nio.file.Path;
import pairviz.BadParameterException;
import pairviz.image.Preprocessing;
import pairviz.image.ResizePolicy;
import pairviz.loading.family.CheckpointReading;
import pairviz.loading.family.PreprocessingHints;
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
            CheckpointReading reading = finish(model.reading(), file, options);
            model.withReading(reading).withPreprocessing(preprocessing(reading, options));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return EmbeddingModel.withPrecision(model, options.precision());
    }

    /** What pairviz reads from {@code path} ({@link ModelFormat#read}), every file it read included. */
    public static CheckpointReading read(Path path, ModelOptions options) {
        ModelFile file = ModelFile.open(path);
        return finish(ModelFormats.of(file).read(file, options), file, options);
    }

    /**
     * The preprocessing of a network read as {@code reading} says, with {@code options}' overrides
     * (its size is the network's input size).
     *
     * @throws pairviz.BadParameterException if {@code crop} is given where no centre crop is made
     */
    public static Preprocessing preprocessing(CheckpointReading reading, ModelOptions options) {
        Preprocessing p = reading.preprocessing().resolve(reading.config().imageSize(),
                options.imageSize() != null ? "option size" : "the model");
        if (options.cropFraction() != null && p.resize() != ResizePolicy.CENTER_CROP) {
            throw BadParameterException.of("crop", "applies to the center-crop resize, and this model's is " + p.resize().id()
                    + " (" + p.origin().get(PreprocessingHints.RESIZE) + "): give {resize} center-crop too, or leave it out");
        }
        return p;
    }

    /**
     * The reading with every file read, the options' preprocessing over the model's, and the one
     * note on what nothing said.
     */
    private static CheckpointReading finish(CheckpointReading reading, ModelFile file, ModelOptions options) {
        PreprocessingHints all = given(options).or(reading.preprocessing());
        CheckpointReading out = reading.withFiles(file.filesRead()).withPreprocessing(all);
        String assumed = all.assumed();
        return assumed == null ? out : out.withNote(assumed);
    }

    /** What the user gave, each value's origin {@code "option NAME"} (the command line reports its flag). */
    static PreprocessingHints given(ModelOptions o) {
        return PreprocessingHints.NONE.with(PreprocessingHints.NORM, o.norm(), "option norm")
                .with(PreprocessingHints.RESIZE, o.resize(), "option resize")
                .with(PreprocessingHints.CROP, o.cropFraction(), "option crop")
                .with(PreprocessingHints.RANGE, o.pixelRange(), "option pixel range")
                .with(PreprocessingHints.BGR, o.bgr(), "option bgr");
    }
}

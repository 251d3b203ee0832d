package pairviz.loading;

import java.util.List;
import pairviz.model.weights.ModelFile;

/**
 * The registry of model formats, in the order they are tried: the first that recognises a file's
 * content reads it. The state dict comes last: it takes whatever no other format claims, and its
 * readers say in one line what a file that is no checkpoint is (a PNG, gzip, HDF5, ...).
 *
 * <p>To add a format (TensorFlow.js, ONNX), add one instance to {@link #ALL} before the state dict.
 */
public final class ModelFormats {
    private ModelFormats() {}

    private static final List<ModelFormat> ALL = List.of(
            new TorchScriptFormat(),
            new TfjsFormat(),
            new OnnxFormat(),
            new StateDictFormat());

    /** Every format, in the order they are tried. */
    public static List<ModelFormat> all() {
        return ALL;
    }

    /** The format of {@code file}: the first that recognises it. */
    public static ModelFormat of(ModelFile file) {
        return ALL.stream().filter(f -> f.recognises(file)).findFirst().orElseThrow(); // the state dict takes the rest
    }
}

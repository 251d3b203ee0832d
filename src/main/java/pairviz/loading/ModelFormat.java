package pairviz.loading;

import pairviz.loading.family.CheckpointReading;
import pairviz.model.weights.ModelFile;

/**
 * One format of model file pairviz reads (a TorchScript archive, a state dict, a TensorFlow.js or
 * ONNX graph): how to recognise it by content and how to build its network. A new format is one
 * class implementing this and one line in {@link ModelFormats}' list; the loader
 * ({@link ModelLoader}) does the rest (precision, preprocessing, the files it read, notes).
 */
public interface ModelFormat {

    /** A short stable id, e.g. {@code torchscript}, for messages. */
    String id();

    /**
     * Whether {@code file} is of this format, by its content ({@link ModelFile#probe()}: first bytes,
     * zip entries), never by its name.
     */
    boolean recognises(ModelFile file);

    /**
     * Builds the network in {@code file} with its weights. Files beside it are read through
     * {@link ModelFile#beside}, so that they travel with the model; the reading's family, config,
     * ignored tensors and notes say what was read ({@link EmbeddingModel#of} wraps the network).
     * The loader applies the precision and the preprocessing after this.
     *
     * @throws pairviz.PairvizException in one line if the file does not make a network
     */
    EmbeddingModel load(ModelFile file, ModelOptions options);

    /**
     * What {@code file} holds, without keeping a network: by default the network is built and
     * closed again; a format that can read the architecture without building it overrides this.
     */
    default CheckpointReading read(ModelFile file, ModelOptions options) {
        try (EmbeddingModel m = load(file, options)) {
            return m.reading();
        }
    }
}

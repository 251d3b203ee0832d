package pairviz.loading.family;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import pairviz.loading.ModelOptions;
import pairviz.model.weights.ModelFile;

/**
 * What a family may use, besides the tensors, to read a checkpoint.
 *
 * @param name the checkpoint's name for messages (its file name)
 * @param file the checkpoint file, or null when the weights came from memory; a family may look
 *     beside it ({@link #beside}: a Hugging Face {@code config.json}), which records what it read
 * @param options what the user said, with unset settings already filled from the file's metadata
 * @param metadata a {@code .safetensors} file's {@code __metadata__} strings (empty otherwise)
 */
public record CheckpointSource(String name, ModelFile file, ModelOptions options, Map<String, String> metadata) {

    public CheckpointSource {
        metadata = Map.copyOf(metadata);
    }

    /** The file called {@code fileName} beside the checkpoint, if any (recorded as read). */
    public Optional<Path> beside(String fileName) {
        return file == null ? Optional.empty() : file.beside(fileName);
    }

    /** A source with no file and no metadata (weights built in memory). */
    public static CheckpointSource inMemory(String name, ModelOptions options) {
        return new CheckpointSource(name, null, options, Map.of());
    }
}

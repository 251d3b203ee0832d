package pairviz.train;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import pairviz.PairvizException;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.model.weights.StateDict;
import pairviz.util.JsonFiles;

/**
 * The folder of a training run and its checkpoint history:
 * <pre>
 *   RUN/checkpoints/iter-000500.safetensors        model weights, canonical names (pairviz explain --weights reads it)
 *   RUN/checkpoints/iter-000500.train.safetensors  loss tensor and momentum buffers (for --resume)
 *   RUN/checkpoints/iter-000500.json               manifest: configuration, data, iteration, loss, metrics, command
 *   RUN/last.json                                  which checkpoint is the latest
 * </pre>
 * Every file is written atomically, and {@code last.json} last, so it always names a complete
 * checkpoint, whenever the run is killed.
 */
public final class RunDirectory {
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    /** How a checkpoint's model weights file ends (any other weights file pairviz reads as a checkpoint too). */
    public static final String WEIGHTS = ".safetensors";
    /** How a checkpoint's training state file ends: loss and optimizer state, not a model. */
    public static final String TRAIN_STATE = ".train" + WEIGHTS;
    /** How a checkpoint's manifest file ends. */
    public static final String MANIFEST = ".json";

    /** Name of the pointer to the latest checkpoint. */
    public static final String LAST = "last.json";

    private final Path root;

    public RunDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The checkpoint folder. */
    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /** The model weights of iteration {@code it}. */
    public Path weights(int it) {
        return checkpoints().resolve(stem(it) + WEIGHTS);
    }

    /** The training state of iteration {@code it}. */
    public Path trainState(int it) {
        return checkpoints().resolve(stem(it) + TRAIN_STATE);
    }

    /** The manifest of iteration {@code it}. */
    public Path manifest(int it) {
        return checkpoints().resolve(stem(it) + MANIFEST);
    }

    private static String stem(int it) {
        return String.format("iter-%06d", it);
    }

    /** A saved checkpoint: its iteration and manifest. */
    public record Saved(int iteration, Manifest manifest) {}

    /**
     * Writes one checkpoint and then points {@code last.json} at it.
     *
     * @param weightsMetadata the {@code __metadata__} of the weights file
     * @param manifest the manifest; the file names are set here
     */
    public void save(int iteration, StateDict weights, Map<String, String> weightsMetadata, StateDict trainState,
            Manifest manifest) {
        try {
            Files.createDirectories(checkpoints());
        } catch (IOException e) {
            throw new PairvizException("cannot create " + checkpoints() + ": " + e.getMessage(), e);
        }
        SafetensorsWriter.write(weights(iteration), weights, weightsMetadata);
        if (trainState != null) {
            SafetensorsWriter.write(trainState(iteration), trainState, Map.of("iteration", Integer.toString(iteration)));
        }
        Manifest m = manifest.withFiles(root.relativize(weights(iteration)).toString(),
                trainState == null ? null : root.relativize(trainState(iteration)).toString());
        JsonFiles.write(manifest(iteration), m.toJson());
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("iteration", iteration);
        last.put("manifest", root.relativize(manifest(iteration)).toString());
        last.put("weights", root.relativize(weights(iteration)).toString());
        JsonFiles.write(root.resolve(LAST), last);
    }

    /**
     * The latest checkpoint, from {@code last.json}; empty when the folder holds no run.
     *
     * @throws PairvizException if {@code last.json} or the manifest it names is unreadable
     */
    public Optional<Saved> latest() {
        Path last = root.resolve(LAST);
        if (!Files.exists(last)) {
            return Optional.empty();
        }
        Map<String, Object> pointer = readJson(last);
        Object manifest = pointer.get("manifest");
        if (!(manifest instanceof String name) || !(pointer.get("iteration") instanceof Number it)) {
            throw new PairvizException(last + " is malformed (no iteration or manifest)");
        }
        return Optional.of(new Saved(it.intValue(), Manifest.read(root.resolve(name))));
    }

    /** Reads a JSON object. */
    public static Map<String, Object> readJson(Path file) {
        try {
            return JsonFiles.MAPPER.readValue(file.toFile(), MAP);
        } catch (IOException e) {
            throw new PairvizException("cannot read " + file + ": " + pairviz.util.JsonErrors.describe(e), e);
        }
    }

}

package pairviz.model.weights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pairviz.PairvizException;

/**
 * A model file, opened once to recognise its format by content ({@link #probe()}: its first
 * bytes and zip entries, never its name), and the record of every file read to build its network:
 * the file itself, then each file beside it that a reader used ({@link #beside}: a Hugging Face
 * {@code config.json}, a preprocessing file, weight shards). That record is what must travel with
 * the model for it to be built again the same elsewhere (a Spark executor).
 *
 * <p>Not thread-safe: one loading at a time.
 */
public final class ModelFile {
    private final Path path;
    private final Checkpoints.Probe probe;
    private final List<Path> read = new ArrayList<>();

    private ModelFile(Path path, Checkpoints.Probe probe) {
        this.path = path;
        this.probe = probe;
        read.add(path);
    }

    /**
     * Opens {@code path} and reads what recognises its format.
     *
     * @throws PairvizException in one line if it is missing, a directory, empty, unreadable or a corrupt zip
     */
    public static ModelFile open(Path path) {
        return new ModelFile(path, Checkpoints.probe(path));
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** The file's name, for messages. */
    public String name() {
        return path.getFileName().toString();
    }

    /** Its first bytes and zip entries. */
    public Checkpoints.Probe probe() {
        return probe;
    }

    /**
     * The file called {@code name} in the same folder, if there is one, recorded as read (call it
     * only for a file the reader then reads).
     */
    public Optional<Path> beside(String name) {
        Path p = path.toAbsolutePath().resolveSibling(name);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        if (!read.contains(p)) {
            read.add(p);
        }
        return Optional.of(p);
    }

    /** Every file read so far: this one first, then those beside it, in the order they were read. */
    public List<Path> filesRead() {
        return List.copyOf(read);
    }
}

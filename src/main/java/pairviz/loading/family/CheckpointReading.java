package pairviz.loading.family;

import java.nio.file.Path;
import java.util.List;
import pairviz.model.ModelConfig;
import pairviz.model.weights.StateDict;

/**
 * What pairviz read from a checkpoint: which family it is, the architecture, the weights renamed
 * for that architecture's network ({@code config.newNetwork()}), and what it left aside.
 *
 * @param family the family that read it
 * @param config the architecture
 * @param weights every tensor of the network, under the network's names
 * @param ignored tensors of the checkpoint that pairviz does not use (a classifier head, a
 *     text tower), each with the reason, e.g. "fc.weight, fc.bias (classifier head)"
 * @param notes what pairviz decided on the user's behalf and the user should hear once (an
 *     interpolated position embedding, a head count taken from config.json)
 * @param files every file read to build the network: the model file first, then what lay beside
 *     it (a Hugging Face config.json, a preprocessing file, weight shards); what must travel with
 *     the model (to a Spark executor) for it to be built again the same
 * @param preprocessing what the model says of its preprocessing, each value with where it was read
 *     (its metadata, a file beside it, its library's defaults); after the loader, what the user's
 *     flags say too
 */
public record CheckpointReading(
        ModelFamily family, ModelConfig config, StateDict weights, List<String> ignored, List<String> notes,
        List<Path> files, PreprocessingHints preprocessing) {

    public CheckpointReading {
        ignored = List.copyOf(ignored);
        notes = List.copyOf(notes);
        files = List.copyOf(files);
        preprocessing = preprocessing == null ? PreprocessingHints.NONE : preprocessing;
    }

    /** A reading of no file yet (the loader adds the files it read: {@link #withFiles}). */
    public CheckpointReading(ModelFamily family, ModelConfig config, StateDict weights, List<String> ignored,
            List<String> notes) {
        this(family, config, weights, ignored, notes, List.of(), PreprocessingHints.NONE);
    }

    /** A reading with nothing ignored and nothing to say. */
    public static CheckpointReading plain(ModelFamily family, ModelConfig config, StateDict weights) {
        return new CheckpointReading(family, config, weights, List.of(), List.of());
    }

    /** The same reading with another architecture (a preset, or options applied). */
    public CheckpointReading withConfig(ModelConfig c) {
        return new CheckpointReading(family, c, weights, ignored, notes, files, preprocessing);
    }

    /** The same reading with the files it was read from. */
    public CheckpointReading withFiles(List<Path> read) {
        return new CheckpointReading(family, config, weights, ignored, notes, read, preprocessing);
    }

    /** The same reading with one more note. */
    public CheckpointReading withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new CheckpointReading(family, config, weights, ignored, more, files, preprocessing);
    }

    /** The same reading with other preprocessing hints. */
    public CheckpointReading withPreprocessing(PreprocessingHints p) {
        return new CheckpointReading(family, config, weights, ignored, notes, files, p);
    }
}

package pairviz.loading.family;

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
 */
public record CheckpointReading(
        CheckpointFamily family, ModelConfig config, StateDict weights, List<String> ignored, List<String> notes) {

    public CheckpointReading {
        ignored = List.copyOf(ignored);
        notes = List.copyOf(notes);
    }

    /** A reading with nothing ignored and nothing to say. */
    public static CheckpointReading plain(CheckpointFamily family, ModelConfig config, StateDict weights) {
        return new CheckpointReading(family, config, weights, List.of(), List.of());
    }

    /** The same reading with another architecture (a preset, or options applied). */
    public CheckpointReading withConfig(ModelConfig c) {
        return new CheckpointReading(family, c, weights, ignored, notes);
    }
}

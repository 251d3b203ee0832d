package pairviz.model.family;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.model.ModelConfig;
import pairviz.model.graph.Constant;
import pairviz.model.graph.GraphNetwork;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

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

    /**
     * What pairviz found in a model graph read from a file (TensorFlow.js, ONNX), for
     * {@code inspect} and for the user's stderr: its constants as the weights, the outputs it
     * leaves aside, where the embedding and the features are, and {@code formatNotes}.
     */
    public static CheckpointReading ofGraph(CheckpointFamily family, GraphNetwork network, List<String> formatNotes) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        network.constants().forEach((k, c) -> weights.put(k, new Tensor(c.shape(), floats(c))));
        List<String> ignored = new ArrayList<>();
        List<String> aside = network.graph().outputs().stream()
                .filter(o -> !o.equals(network.config().embedding()) && !o.equals(network.output())).toList();
        if (!aside.isEmpty()) {
            ignored.add(String.join(", ", aside) + " (outputs beside the embedding, not run)");
        }
        List<String> notes = new ArrayList<>(network.notes());
        notes.add("embedding " + network.config().embedding() + " (" + network.config().outDim() + "-d): "
                + network.config().pooling() + "; features " + network.config().features() + " at each of "
                + network.config().gridHeight() + " x " + network.config().gridWidth() + " positions");
        notes.addAll(formatNotes);
        return new CheckpointReading(family, network.config(), StateDict.of(weights), ignored, notes);
    }

    private static float[] floats(Constant c) {
        if (!c.integer()) {
            return c.floats();
        }
        float[] f = new float[c.longs().length];
        for (int i = 0; i < f.length; i++) {
            f[i] = c.longs()[i];
        }
        return f;
    }

    /** The same reading with another architecture (a preset, or options applied). */
    public CheckpointReading withConfig(ModelConfig c) {
        return new CheckpointReading(family, c, weights, ignored, notes);
    }
}

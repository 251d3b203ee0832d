package pairviz.model.family;

import java.util.List;
import pairviz.PairvizException;
import pairviz.model.graph.GraphNetwork;
import pairviz.model.weights.StateDict;

/**
 * Any ONNX model (docs/models.md, "ONNX"), run by the graph interpreter. Recognised by its file's
 * content ({@link pairviz.model.onnx.OnnxReader#isOnnx}), before any state-dict reader, not by
 * tensor names: it is not in the registry {@link CheckpointFamilies#all()}; what pairviz found in
 * its graph is described by {@link #reading}.
 */
public final class OnnxGraph implements CheckpointFamily {
    /** The one instance. */
    public static final OnnxGraph INSTANCE = new OnnxGraph();

    private OnnxGraph() {}

    @Override
    public String id() {
        return "onnx";
    }

    @Override
    public String title() {
        return "any ONNX model whose embedding pairviz finds in its graph (docs/models.md)";
    }

    /** None: a model is recognised by its file's content, not by names. */
    @Override
    public List<String> signature() {
        return List.of();
    }

    @Override
    public boolean matches(StateDict weights) {
        return false;
    }

    /** @throws PairvizException always: an ONNX model is read from its file, not from a state dict */
    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        throw new PairvizException("checkpoint " + source.name() + ": an ONNX model is read from its file, not from a state dict");
    }

    /**
     * What pairviz found in a loaded model's graph: the architecture, no state dict (the weights
     * live in the graph), and what the user should hear once; a preset named in the options is
     * refused, as for every family whose kind it is not.
     */
    public static CheckpointReading reading(GraphNetwork network, CheckpointSource source) {
        CheckpointReading reading = new CheckpointReading(INSTANCE, network.config(), StateDict.of(java.util.Map.of()),
                List.of(), network.notes());
        return CheckpointFamilies.withPreset(reading, source);
    }
}

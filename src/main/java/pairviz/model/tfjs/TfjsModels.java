package pairviz.model.tfjs;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import pairviz.PairvizException;
import pairviz.model.EmbeddingModel;
import pairviz.model.Engines;
import pairviz.model.ModelOptions;
import pairviz.model.family.CheckpointFamilies;
import pairviz.model.family.CheckpointFamily;
import pairviz.model.family.CheckpointReading;
import pairviz.model.family.CheckpointSource;
import pairviz.model.graph.Graph;
import pairviz.model.graph.GraphLayout;
import pairviz.model.graph.GraphNetwork;
import pairviz.model.weights.StateDict;

/**
 * TensorFlow.js graph models as a checkpoint family: {@code model.json} read by
 * {@link TfjsModelFile}, run by the graph interpreter ({@link GraphNetwork}) with
 * {@link TfjsOps}, channels-last. Recognised by the file's content ({@link TfjsModelFile#sniff}),
 * not by tensor names (docs/models.md, "TensorFlow.js graph models").
 */
public final class TfjsModels implements CheckpointFamily {
    /** The one instance. */
    public static final TfjsModels INSTANCE = new TfjsModels();

    private TfjsModels() {}

    /** Whether {@code file} is a TensorFlow.js model.json. */
    public static boolean sniff(Path file) {
        return TfjsModelFile.sniff(file);
    }

    /**
     * Reads a TensorFlow.js graph model and builds its network in a manager of its own.
     *
     * @param options {@code imageSize} (for a graph that leaves its input free) and {@code features}
     *     (the node to decompose, when the graph does not show one) are read; a preset is refused
     * @throws PairvizException for a file pairviz cannot read or run (one line naming what is missing)
     */
    public static EmbeddingModel load(Path modelJson, ModelOptions options) {
        String name = modelJson.getFileName().toString();
        Graph graph = TfjsModelFile.read(modelJson);
        NDManager manager = Engines.pytorch().newBaseManager();
        try {
            GraphNetwork network = GraphNetwork.builder().setGraph(graph).setOps(TfjsOps.TABLE)
                    .setLayout(GraphLayout.CHANNELS_LAST).setSource(name).optImageSize(options.imageSize())
                    .optFeatures(options.features()).build(manager);
            CheckpointReading reading = CheckpointFamilies.withPreset(CheckpointReading.ofGraph(INSTANCE, network, List.of(
                    "a TensorFlow.js graph records no input normalisation: pairviz normalises as told (ImageNet "
                            + "statistics unless told otherwise); raw 0..255 RGB, as FaceRes takes, is mean 0,0,0 and standard "
                            + "deviation 0.00392157,0.00392157,0.00392157 (1/255)")),
                    new CheckpointSource(name, modelJson, options, Map.of()));
            return EmbeddingModel.of(manager, network, name, reading);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public String id() {
        return "tfjs";
    }

    @Override
    public String title() {
        return "TensorFlow.js graph model (model.json + weight shards; docs/models.md)";
    }

    /** None: a model.json is recognised by its content, not by names. */
    @Override
    public List<String> signature() {
        return List.of();
    }

    @Override
    public boolean matches(StateDict weights) {
        return false;
    }

    /** @throws PairvizException always: a TensorFlow.js model is read from its model.json */
    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        throw new PairvizException("checkpoint " + source.name() + ": a TensorFlow.js model is read from its model.json, "
                + "not from a state dict");
    }
}

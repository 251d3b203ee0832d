package pairviz.loading;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.PairvizException;
import pairviz.model.Engines;
import pairviz.loading.family.CheckpointFamilies;
import pairviz.loading.family.ModelFamily;
import pairviz.loading.family.CheckpointReading;
import pairviz.loading.family.CheckpointSource;
import pairviz.model.graph.Constant;
import pairviz.model.graph.Graph;
import pairviz.model.graph.GraphLayout;
import pairviz.model.graph.GraphNetwork;
import pairviz.model.tfjs.TfjsModelFile;
import pairviz.model.tfjs.TfjsOps;
import pairviz.model.weights.ModelFile;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * TensorFlow.js graph models: {@code model.json} read by {@link TfjsModelFile} (its weight shards
 * read beside it, so they travel with the model), run by the graph interpreter
 * ({@link GraphNetwork}) with {@link TfjsOps}, channels-last. Recognised by the file's content,
 * not its name (docs/models.md, "TensorFlow.js graph models").
 */
final class TfjsFormat implements ModelFormat, ModelFamily {
    /** The one instance. */
    static final TfjsFormat INSTANCE = new TfjsFormat();

    private TfjsFormat() {}

    @Override
    public boolean recognises(ModelFile file) {
        return TfjsModelFile.sniff(file.path());
    }

    /**
     * Reads the graph model and builds its network in a manager of its own: {@code imageSize} (for a
     * graph that leaves its input free) and {@code features} (the node to decompose, when the graph
     * does not show one) are read from {@code options}; a preset is refused.
     */
    @Override
    public EmbeddingModel load(ModelFile file, ModelOptions options) {
        String name = file.name();
        Graph graph = TfjsModelFile.read(file.path(), shard -> file.beside(shard).orElse(file.path().resolveSibling(shard)));
        NDManager manager = Engines.pytorch().newBaseManager();
        try {
            GraphNetwork network = GraphNetwork.builder().setGraph(graph).setOps(TfjsOps.TABLE)
                    .setLayout(GraphLayout.CHANNELS_LAST).setSource(name).optImageSize(options.imageSize())
                    .optFeatures(options.features()).build(manager);
            CheckpointReading reading = CheckpointFamilies.withPreset(reading(network),
                    new CheckpointSource(name, file, options, Map.of()));
            return EmbeddingModel.of(manager, network, reading);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** What pairviz found in the graph, for {@code inspect} and for the user's stderr. */
    private static CheckpointReading reading(GraphNetwork network) {
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
        return new CheckpointReading(INSTANCE, network.config(), StateDict.of(weights), ignored, notes);
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

    @Override
    public String id() {
        return "tfjs";
    }

    @Override
    public String title() {
        return "TensorFlow.js graph model (model.json + weight shards; docs/models.md)";
    }

}

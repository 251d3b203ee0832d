package pairviz.loading;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.loading.family.CheckpointFamilies;
import pairviz.loading.family.CheckpointReading;
import pairviz.loading.family.CheckpointSource;
import pairviz.loading.family.ModelFamily;
import pairviz.model.Engines;
import pairviz.model.graph.Constant;
import pairviz.model.graph.Graph;
import pairviz.model.graph.GraphLayout;
import pairviz.model.graph.GraphNetwork;
import pairviz.model.graph.OpTable;
import pairviz.model.weights.ModelFile;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * A format whose file is a model graph (TensorFlow.js, ONNX): the file is read into a
 * {@link Graph} by the format, then run by the one graph interpreter ({@link GraphNetwork}) with
 * the format's table of operations. Everything but reading the graph is here, once.
 */
abstract class GraphFormat implements ModelFormat, ModelFamily {

    /** The graph in {@code file}; files beside it are read through {@link ModelFile#beside} so they travel with it. */
    abstract Graph graph(ModelFile file);

    /** The format's operations. */
    abstract OpTable ops();

    /** The layout of the graph's image input. */
    abstract GraphLayout layout();

    /**
     * Builds the network in a manager of its own: {@code imageSize} (for a graph that leaves its
     * input free) and {@code features} (the node to decompose, when the graph does not show one)
     * are read from {@code options}; a preset is refused.
     */
    @Override
    public final EmbeddingModel load(ModelFile file, ModelOptions options) {
        Graph graph = graph(file);
        NDManager manager = Engines.pytorch().newBaseManager();
        try {
            GraphNetwork network = GraphNetwork.builder().setGraph(graph).setOps(ops()).setLayout(layout())
                    .setSource(file.name()).optImageSize(options.imageSize()).optFeatures(options.features()).build(manager);
            CheckpointReading reading = CheckpointFamilies.withPreset(reading(network),
                    new CheckpointSource(file.name(), file, options, Map.of()));
            return EmbeddingModel.of(manager, network, reading);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** What pairviz found in the graph, for {@code inspect} and for the user's stderr. */
    private CheckpointReading reading(GraphNetwork network) {
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
        return new CheckpointReading(this, network.config(), StateDict.of(weights), ignored, notes);
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
}

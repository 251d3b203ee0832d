package pairviz.loading;

import pairviz.model.graph.Graph;
import pairviz.model.graph.GraphLayout;
import pairviz.model.graph.OpTable;
import pairviz.model.tfjs.TfjsModelFile;
import pairviz.model.tfjs.TfjsOps;
import pairviz.model.weights.ModelFile;

/**
 * TensorFlow.js graph models: {@code model.json} read by {@link TfjsModelFile} (its weight shards
 * read beside it, so they travel with the model), run with {@link TfjsOps}, channels-last.
 * Recognised by the file's content, not its name (docs/models.md, "TensorFlow.js graph models").
 */
final class TfjsFormat extends GraphFormat {

    @Override
    public String id() {
        return "tfjs";
    }

    @Override
    public String title() {
        return "TensorFlow.js graph model (model.json + weight shards; docs/models.md)";
    }

    @Override
    public boolean recognises(ModelFile file) {
        return TfjsModelFile.looksLike(file.probe().head());
    }

    @Override
    Graph graph(ModelFile file) {
        return TfjsModelFile.read(file.path(), shard -> file.beside(shard).orElse(file.path().resolveSibling(shard)));
    }

    @Override
    OpTable ops() {
        return TfjsOps.TABLE;
    }

    @Override
    GraphLayout layout() {
        return GraphLayout.CHANNELS_LAST;
    }
}

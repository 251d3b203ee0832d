package pairviz.loading;

import java.nio.file.Path;
import pairviz.model.graph.Graph;
import pairviz.model.graph.GraphLayout;
import pairviz.model.graph.OpTable;
import pairviz.model.onnx.OnnxOps;
import pairviz.model.onnx.OnnxReader;
import pairviz.model.weights.ModelFile;

/**
 * ONNX models: read by {@link OnnxReader} (external data files beside it recorded, so they travel
 * with the model), run with {@link OnnxOps}, channels-first. Recognised by the file's content
 * ({@link OnnxReader#isOnnx}), not its name (docs/models.md, "ONNX").
 */
final class OnnxFormat extends GraphFormat {

    @Override
    public String id() {
        return "onnx";
    }

    @Override
    public String title() {
        return "ONNX model (.onnx, external data beside it; docs/models.md)";
    }

    @Override
    public boolean recognises(ModelFile file) {
        return OnnxReader.isOnnx(file.name(), file.probe().head());
    }

    @Override
    Graph graph(ModelFile file) {
        Path dir = file.path().toAbsolutePath().getParent();
        return OnnxReader.read(file.path(), p -> file.beside(dir.relativize(p).toString()));
    }

    @Override
    OpTable ops() {
        return OnnxOps.TABLE;
    }

    @Override
    GraphLayout layout() {
        return GraphLayout.CHANNELS_FIRST;
    }
}

package pairviz.model.onnx;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import pairviz.PairvizException;
import pairviz.model.graph.GraphLayout;
import pairviz.model.graph.GraphNetwork;

/** An ONNX model as a network pairviz explains: read by {@link OnnxReader}, run with {@link OnnxOps}. */
public final class OnnxModel {
    private OnnxModel() {}

    /**
     * Reads an ONNX model and builds its network, with its constants in {@code manager}.
     *
     * @param imageSize the input side the user gave, or null (the model's, else the default)
     * @param features the node whose positions are the features, as the user names it, or null to find it
     * @throws PairvizException if the file is not a whole ONNX model, uses an operation pairviz
     *     does not run, or has no embedding pairviz can find
     */
    public static GraphNetwork network(Path file, Integer imageSize, String features, NDManager manager) {
        return GraphNetwork.builder().setGraph(OnnxReader.read(file)).setOps(OnnxOps.TABLE)
                .setLayout(GraphLayout.CHANNELS_FIRST).setSource(file.getFileName().toString())
                .optImageSize(imageSize).optFeatures(features).build(manager);
    }
}

package pairviz.model.graph;

import java.util.List;
import java.util.Map;

/**
 * A model graph as a file describes it, format-neutral: nodes in an order where every node comes
 * after the nodes it reads, the constants they read, and the one image input.
 *
 * @param format where it came from, for messages: {@code TensorFlow.js} or {@code ONNX}
 * @param input the name of the image input
 * @param inputShape the input's declared shape in the file's layout (NHWC for TensorFlow.js, NCHW for
 *     ONNX), -1 for a free dimension
 * @param nodes the operations, in topological order
 * @param constants the constant tensors by name
 * @param outputs the graph's declared outputs
 */
public record Graph(String format, String input, long[] inputShape, List<GraphNode> nodes,
        Map<String, Constant> constants, List<String> outputs) {
    public Graph {
        inputShape = inputShape.clone();
        nodes = List.copyOf(nodes);
        constants = Map.copyOf(constants);
        outputs = List.copyOf(outputs);
    }
}

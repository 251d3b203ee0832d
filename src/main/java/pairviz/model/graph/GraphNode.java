package pairviz.model.graph;

import java.util.List;
import java.util.Map;

/**
 * One operation of a model graph read from a file (TensorFlow.js, ONNX), in the file's own terms.
 *
 * @param name the node's unique name; its outputs are {@code name} (output 0) and
 *     {@code name:1}, {@code name:2}, ... (TensorFlow's convention; readers map ONNX output names
 *     onto it)
 * @param op the operation's name in its format ({@code Conv2D}, {@code Conv}, ...)
 * @param inputs the values it reads: node outputs, constants or the graph input, by name
 * @param attributes the operation's attributes: {@link Long}, {@link Double}, {@link String},
 *     {@link Boolean}, {@code long[]}, {@code double[]}, {@code String[]} or {@link Constant}
 */
public record GraphNode(String name, String op, List<String> inputs, Map<String, Object> attributes) {
    public GraphNode {
        inputs = List.copyOf(inputs);
        attributes = Map.copyOf(attributes);
    }
}

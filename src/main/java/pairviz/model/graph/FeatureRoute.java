package pairviz.model.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a graph's embedding comes from a spatial map, as found in its nodes: the map, the global
 * mean over its positions, then only affine operations up to the embedding. Applied to each
 * position instead of to the mean, the same affine operations give the per-position features
 * whose mean is the embedding.
 *
 * @param features the value of the spatial map
 * @param mean the node that averages it, or null when the embedding is the plain mean of a map the
 *     user named (then {@code embedding} is {@code features})
 * @param chain the affine nodes from the mean's output to the embedding, in order
 * @param embedding the value that is the embedding
 */
record FeatureRoute(String features, GraphNode mean, List<GraphNode> chain, String embedding) {
    FeatureRoute {
        chain = List.copyOf(chain);
    }

    /** The plain mean of a named map. */
    static FeatureRoute plainMean(String features) {
        return new FeatureRoute(features, null, List.of(), features);
    }

    /** How the features become the embedding, in words. */
    String pooling() {
        if (mean == null) {
            return "the mean of the features over their positions (named by the user; not a graph output)";
        }
        String head = chain.isEmpty() ? "nothing more"
                : chain.size() + " affine operation" + (chain.size() == 1 ? "" : "s") + " ("
                        + String.join(", ", chain.stream().map(GraphNode::op).toList()) + ")";
        return "global mean " + mean.name() + " over the positions, then " + head;
    }

    /**
     * The route that ends at {@code value}, walking back from it through affine nodes to a mean;
     * or the reason there is none, as a {@link String}.
     *
     * @param producers every node by name
     * @param dependent the values that depend on the image
     * @return a {@link FeatureRoute} or the reason ({@link String})
     */
    static Object walk(String value, Map<String, GraphNode> producers, Set<String> dependent, OpTable ops) {
        List<GraphNode> chain = new ArrayList<>();
        String v = value;
        while (true) {
            GraphNode node = producers.get(v);
            if (node == null) {
                String owner = nodeOf(v, producers);
                return value + " is reached from " + (owner.equals(v) ? v + ", which no operation computes"
                        : "a second output of " + owner + " (" + producers.get(owner).op() + "), neither a mean nor affine");
            }
            GraphOp op = ops.op(node.op());
            if (op == null) {
                return value + " is reached from " + ops.format() + " operation " + node.op() + " (node " + node.name()
                        + "), which pairviz does not support";
            }
            GraphOp.Kind kind = op.kind(node);
            boolean pools = kind == GraphOp.Kind.MEAN || kind == GraphOp.Kind.TOKEN;
            if (pools && !dependent.contains(node.inputs().get(0))) {
                kind = GraphOp.Kind.GENERAL;
            }
            if (kind == GraphOp.Kind.MEAN || kind == GraphOp.Kind.TOKEN) {
                Collections.reverse(chain);
                return new FeatureRoute(node.inputs().get(0), node, chain, value);
            }
            List<String> variable = node.inputs().stream().filter(dependent::contains).toList();
            if (kind != GraphOp.Kind.AFFINE || variable.size() != 1) {
                return value + (v.equals(value) ? " is " + node.op() : " is reached from " + node.name() + " (" + node.op() + ")")
                        + ", "
                        + (kind == GraphOp.Kind.AFFINE ? "which combines " + variable.size() + " values of the image"
                                : "neither a mean nor affine");
            }
            chain.add(node);
            v = variable.get(0);
        }
    }

    /** The node whose output {@code value} is: {@code name} for {@code name} and {@code name:k}. */
    static String nodeOf(String value, Map<String, GraphNode> producers) {
        int colon = value.lastIndexOf(':');
        if (colon > 0 && colon < value.length() - 1 && value.substring(colon + 1).chars().allMatch(Character::isDigit)
                && !producers.containsKey(value) && producers.containsKey(value.substring(0, colon))) {
            return value.substring(0, colon);
        }
        return value;
    }
}

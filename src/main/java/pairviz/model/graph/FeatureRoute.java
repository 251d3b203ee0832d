package pairviz.model.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a graph's embedding comes from a spatial map, as found in its nodes, and so how the
 * per-position features whose mean is the embedding are taken:
 * <ul>
 *   <li>{@link Pooling#MEAN}: the map, a global mean over its positions, then only affine
 *       operations; applied to each position instead of to the mean, they give the features;</li>
 *   <li>{@link Pooling#LINEAR}: the map, then only affine operations that mix its positions (a
 *       flatten and a dense layer, a depthwise convolution as wide as the map): with f that affine
 *       map, position n's features are {@code N (f(X e_n) - f(0)) + f(0)}, X e_n the map with
 *       every other position zeroed; they average to f(X) exactly;</li>
 *   <li>{@link Pooling#PLAIN}: a map the user named, whose plain mean is the embedding.</li>
 * </ul>
 * An output scaled to unit length at the end ({@code x * rsqrt(max(sum(x^2), eps))}, as
 * {@code tf.nn.l2_normalize} lowers) is read before its scaling: the cosine is the same.
 *
 * @param pooling how the map becomes the embedding
 * @param features the value of the spatial map
 * @param mean the node that averages it ({@link Pooling#MEAN}), else null
 * @param chain the affine nodes from the mean's output (or from the map) to the embedding, in order
 * @param embedding the value that is the embedding
 * @param output the graph value the route was found from: the embedding, or its unit-length scaling
 */
record FeatureRoute(Pooling pooling, String features, GraphNode mean, List<GraphNode> chain, String embedding,
        String output) {
    /** How the map becomes the embedding. */
    enum Pooling {
        MEAN, LINEAR, PLAIN
    }

    FeatureRoute {
        chain = List.copyOf(chain);
    }

    /** The plain mean of a named map. */
    static FeatureRoute plainMean(String features) {
        return new FeatureRoute(Pooling.PLAIN, features, null, List.of(), features, features);
    }

    /** How the features become the embedding, in words. */
    String describe() {
        String head = chain.isEmpty() ? "nothing more"
                : chain.size() + " affine operation" + (chain.size() == 1 ? "" : "s") + " ("
                        + String.join(", ", chain.stream().map(GraphNode::op).toList()) + ")";
        String unit = output.equals(embedding) ? "" : "; read before " + output + " scales it to unit length (same cosine)";
        return switch (pooling) {
            case PLAIN -> "the mean of the features over their positions (named by the user; not a graph output)";
            case MEAN -> "global mean " + mean.name() + " over the positions, then " + head + unit;
            case LINEAR -> "no global mean: " + head + " that mix the positions, applied to each position alone"
                    + unit;
        };
    }

    /**
     * The route that ends at {@code value}, walking back from it through affine nodes to a mean or
     * to the last value that is not an affine function of the one before; or the reason there is
     * none, as a {@link String}.
     *
     * @param producers every node by name
     * @param dependent the values that depend on the image
     * @return a {@link FeatureRoute} or the reason ({@link String})
     */
    static Object walk(String value, Map<String, GraphNode> producers, Set<String> dependent, OpTable ops) {
        List<GraphNode> chain = new ArrayList<>();
        String before = unitScaled(value, producers, dependent);
        String top = before != null ? before : value;
        String v = top;
        while (true) {
            GraphNode node = producers.get(v);
            if (node == null) {
                String owner = nodeOf(v, producers);
                if (owner.equals(v)) {
                    return linear(value, top, v, chain, "which no operation computes");
                }
                return linear(value, top, v, chain, "a second output of " + owner + " (" + producers.get(owner).op()
                        + "), neither a mean nor affine");
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
                return new FeatureRoute(Pooling.MEAN, node.inputs().get(0), node, chain, top, value);
            }
            List<String> variable = node.inputs().stream().filter(dependent::contains).toList();
            if (kind != GraphOp.Kind.AFFINE || variable.size() != 1) {
                return linear(value, top, v, chain, node.op() + (kind == GraphOp.Kind.AFFINE
                        ? ", which combines " + variable.size() + " values of the image" : ", neither a mean nor affine"));
            }
            chain.add(node);
            v = variable.get(0);
        }
    }

    /** A linear route from {@code map} when affine operations lead from it to the embedding; else the reason. */
    private static Object linear(String value, String top, String map, List<GraphNode> chain, String what) {
        if (chain.isEmpty()) {
            return value + (map.equals(value) ? " is " : " is reached from " + map + ", ") + what;
        }
        List<GraphNode> order = new ArrayList<>(chain);
        Collections.reverse(order);
        return new FeatureRoute(Pooling.LINEAR, map, null, order, top, value);
    }

    /**
     * The value {@code x} when {@code value} is {@code x} scaled to unit length, {@code x * s} or
     * {@code x / s} with s computed from x alone by Rsqrt (for a product) or Sqrt / Maximum (for a
     * quotient) at its end; else null.
     */
    private static String unitScaled(String value, Map<String, GraphNode> producers, Set<String> dependent) {
        GraphNode n = producers.get(value);
        if (n == null || n.inputs().size() != 2 || !(n.op().equals("Mul") || n.op().equals("RealDiv") || n.op().equals("Div"))) {
            return null;
        }
        for (int k = 0; k < 2; k++) {
            if (n.op().equals("Mul") || k == 0) {
                String x = n.inputs().get(k);
                String s = n.inputs().get(1 - k);
                GraphNode scale = producers.get(s);
                boolean positive = scale != null && (n.op().equals("Mul") ? scale.op().equals("Rsqrt")
                        : scale.op().equals("Sqrt") || scale.op().equals("Maximum"));
                if (positive && dependent.contains(x) && readsOnly(s, x, producers, dependent)) {
                    return x;
                }
            }
        }
        return null;
    }

    /** Whether every value of the image that {@code s} depends on is reached through {@code x}. */
    private static boolean readsOnly(String s, String x, Map<String, GraphNode> producers, Set<String> dependent) {
        Deque<String> todo = new ArrayDeque<>(List.of(s));
        Set<String> seen = new HashSet<>();
        boolean reachesX = false;
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (v.equals(x)) {
                reachesX = true;
                continue;
            }
            if (!dependent.contains(v) || !seen.add(v)) {
                continue;
            }
            GraphNode n = producers.get(nodeOf(v, producers));
            if (n == null || !List.of("Rsqrt", "Sqrt", "Maximum", "Sum", "Square", "Mul", "Add", "AddV2").contains(n.op())) {
                return false;
            }
            todo.addAll(n.inputs());
        }
        return reachesX;
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

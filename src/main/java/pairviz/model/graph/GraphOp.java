package pairviz.model.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One kind of graph operation, computed with DJL arrays so that gradients flow through it.
 * Implementations are stateless.
 */
@FunctionalInterface
public interface GraphOp {
    /**
     * The node's outputs from its inputs.
     *
     * @param node the node (its attributes)
     * @param inputs the values it reads, in the node's input order (constants as arrays)
     * @param manager where new arrays belong
     * @return the node's outputs, output 0 first
     */
    NDArray[] apply(GraphNode node, NDArray[] inputs, NDManager manager);

    /**
     * What the interpreter may assume about this operation when it looks for the embedding and the
     * per-position features ({@link GraphNetwork}). Default: {@link Kind#GENERAL}, nothing.
     */
    default Kind kind(GraphNode node) {
        return Kind.GENERAL;
    }

    /** What an operation is, for finding the per-position features of a graph. */
    enum Kind {
        /** Anything: the interpreter assumes nothing. */
        GENERAL,
        /**
         * Affine in its one input that depends on the image (its other inputs are constant), row by
         * row: with that input's leading dimension taken as a batch of any size, each row of the
         * output is an affine function of the same row of the input (a bias, a scale, a product
         * with a constant matrix, a reshape that keeps the leading dimension).
         */
        AFFINE,
        /**
         * A mean reduction of its first input; the interpreter checks by the shapes (and by the
         * axes when its second input is a constant) that it averages exactly the spatial axes.
         */
        MEAN,
        /**
         * Picks one token of a token sequence [B, T, D] (axis 1) by a constant index: a
         * transformer's class-token readout ({@code x[:, 0]}).
         */
        TOKEN,
        /**
         * A softmax over the last axis; between two products of image values (scores from queries
         * and keys, then a product with the values) it is a transformer's attention.
         */
        SOFTMAX
    }

    /** {@code op}, declared affine ({@link Kind#AFFINE}) for every node. */
    static GraphOp affine(GraphOp op) {
        return of(Kind.AFFINE, op);
    }

    /** {@code op}, declared a mean reduction ({@link Kind#MEAN}) for every node. */
    static GraphOp mean(GraphOp op) {
        return of(Kind.MEAN, op);
    }

    /** {@code op} with {@code kind} for every node. */
    static GraphOp of(Kind kind, GraphOp op) {
        return byNode(node -> kind, op);
    }

    /** {@code op} with a kind that depends on the node (its attributes: an axis, say). */
    static GraphOp byNode(java.util.function.Function<GraphNode, Kind> kind, GraphOp op) {
        return new GraphOp() {
            @Override
            public NDArray[] apply(GraphNode node, NDArray[] inputs, NDManager manager) {
                return op.apply(node, inputs, manager);
            }

            @Override
            public Kind kind(GraphNode node) {
                return kind.apply(node);
            }
        };
    }
}

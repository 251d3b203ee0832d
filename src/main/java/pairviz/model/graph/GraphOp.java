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
}

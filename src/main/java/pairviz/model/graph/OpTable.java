package pairviz.model.graph;

import java.util.Map;

/**
 * The operations of one graph format by name ({@code TfjsOps}, {@code OnnxOps}), for the one
 * interpreter that runs every format's graphs.
 *
 * @param format the format's name, for messages
 * @param ops every operation the interpreter knows in that format
 */
public record OpTable(String format, Map<String, GraphOp> ops) {
    public OpTable {
        ops = Map.copyOf(ops);
    }

    /** The operation called {@code name}, or null when this format's table does not know it. */
    public GraphOp op(String name) {
        return ops.get(name);
    }
}

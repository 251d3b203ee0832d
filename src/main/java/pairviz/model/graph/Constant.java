package pairviz.model.graph;

import java.util.Arrays;

/**
 * A constant tensor of a model graph (weights, shapes, axes), row-major: floating point values
 * (read as float32 whatever their stored precision) or integers, exactly one of the two.
 *
 * @param shape sizes of the dimensions, outermost first; empty for a scalar
 * @param floats the values of a floating-point constant, else null
 * @param longs the values of an integer constant, else null
 */
public record Constant(long[] shape, float[] floats, long[] longs) {
    public Constant {
        if ((floats == null) == (longs == null)) {
            throw new IllegalArgumentException("a constant holds either floats or integers");
        }
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (n != (floats != null ? floats.length : longs.length)) {
            throw new IllegalArgumentException("constant of shape " + Arrays.toString(shape) + " with "
                    + (floats != null ? floats.length : longs.length) + " values");
        }
        shape = shape.clone();
    }

    /** Whether the values are integers. */
    public boolean integer() {
        return longs != null;
    }
}

package pairviz.model.weights;

import java.util.Arrays;

/**
 * A float32 tensor: a shape and its values in row-major (C) order.
 *
 * <p>The shape is copied; the data array is NOT (checkpoints hold hundreds of megabytes), so the
 * caller must not change it after handing it over, and must not change the array returned by
 * {@link #data()}. Equality compares shapes and values.
 *
 * @param shape sizes of the dimensions, outermost first; empty for a scalar
 * @param data  the values, {@code data.length == product(shape)}
 */
public record Tensor(long[] shape, float[] data) {

    /** @throws IllegalArgumentException if a size is negative or the sizes do not match the data */
    public Tensor {
        if (shape == null || data == null) {
            throw new IllegalArgumentException("tensor shape and data must not be null");
        }
        shape = shape.clone();
        long numel = numelOf(shape);
        if (numel != data.length) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " needs "
                    + numel + " values, got " + data.length);
        }
    }

    /** A tensor of the given shape; convenience for {@code int} sizes. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(Arrays.stream(shape).asLongStream().toArray(), data);
    }

    /** The shape (a copy). */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (1 for a scalar). */
    public long numel() {
        return data.length;
    }

    /** Number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /**
     * Size of dimension {@code i}; a negative {@code i} counts from the end ({@code dim(-1)} is
     * the last).
     *
     * @throws IndexOutOfBoundsException if there is no such dimension
     */
    public int dim(int i) {
        int k = i < 0 ? shape.length + i : i;
        if (k < 0 || k >= shape.length) {
            throw new IndexOutOfBoundsException("dimension " + i + " of a tensor of shape " + shapeString());
        }
        return Math.toIntExact(shape[k]);
    }

    /** The shape as text, e.g. {@code [768, 3, 16, 16]}; {@code []} for a scalar. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    /** Whether this tensor has exactly the given shape. */
    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    /** Product of the sizes, checked for overflow and negative sizes. */
    static long numelOf(long[] shape) {
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative size in tensor shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** Shape only: the values may be millions. */
    @Override
    public String toString() {
        return "Tensor" + shapeString();
    }
}

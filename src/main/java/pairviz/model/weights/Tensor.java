package pairviz.model.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * A float32 tensor: a shape and its values in row-major (C) order, held either in a Java array or,
 * for a checkpoint read through a memory map, in the file's own bytes (little-endian float32 in
 * native memory, which the engine uses as its array without a copy: {@link #mappedBytes()}).
 *
 * <p>The shape is copied; the data array is NOT (checkpoints hold hundreds of megabytes), so the
 * caller must not change it after handing it over, and must not change the array returned by
 * {@link #data()}. Equality compares shapes and values.
 */
public final class Tensor {
    private final long[] shape;
    private final int numel;
    private volatile float[] data; // the values; for a mapped tensor made from the map on first use of data()
    private final ByteBuffer mapped; // little-endian float32 bytes in native memory, or null

    /**
     * @param shape sizes of the dimensions, outermost first; empty for a scalar
     * @param data the values, {@code data.length == product(shape)}
     * @throws IllegalArgumentException if a size is negative or the sizes do not match the data
     */
    public Tensor(long[] shape, float[] data) {
        this(shape, data, null);
    }

    private Tensor(long[] shape, float[] data, ByteBuffer mapped) {
        if (shape == null || data == null && mapped == null) {
            throw new IllegalArgumentException("tensor shape and data must not be null");
        }
        this.shape = shape.clone();
        long n = numelOf(this.shape);
        long have = data != null ? data.length : mapped.remaining() / Float.BYTES;
        if (n != have || mapped != null && mapped.remaining() % Float.BYTES != 0) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " needs "
                    + n + " values, got " + have);
        }
        this.numel = Math.toIntExact(n);
        this.data = data;
        this.mapped = mapped == null ? null : mapped.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A tensor of the given shape; convenience for {@code int} sizes. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(Arrays.stream(shape).asLongStream().toArray(), data);
    }

    /**
     * A tensor whose values are the little-endian float32 bytes {@code bytes} (position to limit),
     * a direct buffer such as a memory-mapped region of a checkpoint; kept as they are, not copied.
     *
     * @throws IllegalArgumentException if the buffer is not direct or does not hold product(shape) values
     */
    public static Tensor mapped(long[] shape, ByteBuffer bytes) {
        if (!bytes.isDirect()) {
            throw new IllegalArgumentException("a mapped tensor needs a direct buffer");
        }
        return new Tensor(shape, null, bytes);
    }

    /** The shape (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The values as an array. A mapped tensor copies them out of the map on the first call (and
     * keeps the copy); the engine takes a mapped tensor's values through {@link #mappedBytes()},
     * and {@link #get} and {@link #firstNonFinite} read the map.
     */
    public float[] data() {
        float[] d = data;
        if (d == null) {
            d = new float[numel];
            mapped.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(d);
            data = d;
        }
        return d;
    }

    /**
     * The values as little-endian float32 bytes in native memory (a read-only view of a
     * memory-mapped checkpoint region), if this tensor was read that way; empty for a tensor held
     * in a Java array.
     */
    public Optional<ByteBuffer> mappedBytes() {
        return Optional.ofNullable(mapped).map(b -> b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    /**
     * The contiguous run of values from element {@code offset}, viewed with {@code shape}: the
     * same bytes for a mapped tensor, a copy of the run (or this tensor's array, when the run is
     * all of it) otherwise.
     *
     * @throws IllegalArgumentException if the run does not lie inside this tensor
     */
    public Tensor view(long offset, long[] shape) {
        long n = numelOf(shape);
        if (offset < 0 || offset + n > numel) {
            throw new IllegalArgumentException("a view of " + n + " values from " + offset + " does not fit in "
                    + numel + " values");
        }
        if (mapped != null) {
            return new Tensor(shape, null, mapped.slice((int) offset * Float.BYTES, (int) n * Float.BYTES));
        }
        return new Tensor(shape, offset == 0 && n == numel ? data
                : Arrays.copyOfRange(data, (int) offset, (int) (offset + n)));
    }

    /** Index of the first NaN or infinite value, or -1 if every value is finite. */
    public long firstNonFinite() {
        if (mapped == null) {
            for (int i = 0; i < data.length; i++) {
                if (!Float.isFinite(data[i])) {
                    return i;
                }
            }
            return -1;
        }
        FloatBuffer values = mapped.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int i = 0; i < numel; i++) {
            if (!Float.isFinite(values.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The value at row-major element {@code i}. */
    public float get(long i) {
        return mapped == null ? data[Math.toIntExact(i)] : mapped.getFloat(Math.toIntExact(i) * Float.BYTES);
    }

    /** Number of elements (1 for a scalar). */
    public long numel() {
        return numel;
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
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data(), t.data());
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data());
    }

    /** Shape only: the values may be millions. */
    @Override
    public String toString() {
        return "Tensor" + shapeString();
    }
}

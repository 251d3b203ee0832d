package pairviz.store;

import java.util.Arrays;

/**
 * A dense row-major matrix of floats: one embedding per row.
 *
 * <p>The values live in one flat array ({@code data[row * cols + col]}), so a matrix can hold up
 * to {@link #MAX_ELEMENTS} values (a million 512-d embeddings fit). The array is shared, not
 * copied: the matrix is as immutable as its creator leaves it.
 */
public final class FloatMatrix {
    /** The most values one matrix can hold (the largest Java array). */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final int rows;
    private final int cols;
    private final float[] data;

    /**
     * Wraps {@code data} (row-major, length {@code rows * cols}) without copying.
     *
     * @throws IllegalArgumentException if the sizes do not agree
     */
    public FloatMatrix(int rows, int cols, float[] data) {
        if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException(
                    "a " + rows + " x " + cols + " matrix needs " + (long) rows * cols + " values, got " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /**
     * Copies rows of equal length into a matrix; an empty array gives a 0 x {@code 0} matrix.
     *
     * @throws IllegalArgumentException if the rows differ in length
     */
    public static FloatMatrix of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        if ((long) rows.length * cols > MAX_ELEMENTS) {
            throw new IllegalArgumentException("too many values for one matrix: " + rows.length + " x " + cols);
        }
        float[] data = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException(
                        "row " + r + " has " + rows[r].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, data, r * cols, cols);
        }
        return new FloatMatrix(rows.length, cols, data);
    }

    /** Number of rows (embeddings). */
    public int rows() {
        return rows;
    }

    /** Number of columns (embedding dimension). */
    public int cols() {
        return cols;
    }

    /** The backing row-major array, not a copy. */
    public float[] data() {
        return data;
    }

    /** The value at ({@code row}, {@code col}). */
    public float get(int row, int col) {
        return data[row * cols + col];
    }

    /** A copy of one row. */
    public float[] row(int row) {
        return Arrays.copyOfRange(data, row * cols, (row + 1) * cols);
    }

    /** A copy as an array of rows. */
    public float[][] toArray() {
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = row(r);
        }
        return out;
    }

    /**
     * The reciprocal L2 norm of every row, summed in double; 0 for a zero row, so that a zero row
     * scaled by it stays zero (cosine similarity 0 to everything).
     */
    public double[] inverseRowNorms() {
        double[] inv = new double[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = r * cols, end = c + cols; c < end; c++) {
                sum += (double) data[c] * data[c];
            }
            inv[r] = sum == 0 ? 0 : 1 / Math.sqrt(sum);
        }
        return inv;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatMatrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatMatrix[" + rows + " x " + cols + "]";
    }
}

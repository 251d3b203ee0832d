package pairviz.explain;

/**
 * A map over the token grid, row-major: {@code values[r * cols + c]}.
 *
 * @param rows grid rows (K)
 * @param cols grid columns (K)
 * @param values rows x cols numbers
 */
public record Heatmap(int rows, int cols, float[] values) {
    public Heatmap {
        if (values.length != rows * cols) {
            throw new IllegalArgumentException(values.length + " values for a " + rows + "x" + cols + " grid");
        }
    }

    public float get(int r, int c) {
        return values[r * cols + c];
    }

    /** The sum of all cells, in double precision. */
    public double sum() {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    /** The map as rows of numbers (for JSON). */
    public float[][] toGrid() {
        float[][] g = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values, r * cols, g[r], 0, cols);
        }
        return g;
    }
}

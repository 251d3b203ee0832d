package pairviz.explain;

/** Small dense-vector arithmetic in double precision. */
final class Vectors {
    private Vectors() {}

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** Dot product of row {@code row} of a row-major matrix with {@code v}. */
    static double rowDot(float[] matrix, int row, double[] v) {
        int off = row * v.length;
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += matrix[off + i] * v[i];
        }
        return s;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

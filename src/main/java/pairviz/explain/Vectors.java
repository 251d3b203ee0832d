package pairviz.explain;

/**
 * Small dense-vector arithmetic in double precision, and the one cosine similarity of pairviz
 * (galleries, class rankings, perturbation curves, pose figures all use it).
 */
public final class Vectors {
    private Vectors() {}

    /** The L2 norm of {@code v}. */
    public static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** {@code v / |v|} (all zeros for a zero vector). */
    public static double[] unit(float[] v) {
        double n = norm(v);
        double[] u = new double[v.length];
        for (int i = 0; i < u.length; i++) {
            u[i] = n == 0 ? 0 : v[i] / n;
        }
        return u;
    }

    /** The cosine similarity of {@code a} and {@code b} (0 when either is zero). */
    public static double cosine(float[] a, float[] b) {
        return cosine(a, unit(b));
    }

    /**
     * The cosine similarity of {@code a} and a direction already of unit length (or zero):
     * {@code a . unit / |a|}, 0 for a zero {@code a}.
     */
    public static double cosine(float[] a, double[] unit) {
        if (a.length != unit.length) {
            throw new IllegalArgumentException("vectors of different lengths: " + a.length + " and " + unit.length);
        }
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * unit[i];
            norm += (double) a[i] * a[i];
        }
        return norm == 0 ? 0 : dot / Math.sqrt(norm);
    }

    /** Dot product of row {@code row} of a row-major matrix with {@code v}. */
    public static double rowDot(float[] matrix, int row, double[] v) {
        int off = row * v.length;
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += matrix[off + i] * v[i];
        }
        return s;
    }

    /** The dot product of two vectors of one length. */
    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

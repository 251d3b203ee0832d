package pairviz.eval.faithfulness;

/**
 * Deletion and insertion curves: how many patches each step perturbs, and the area score.
 *
 * <p>A curve of K steps has K + 1 points: point k is the similarity after {@link #count(int, int, int)
 * count(k, K, n)} of the n patches were changed (point 0 before any change, point K after all).
 */
public final class Curves {
    /**
     * Pairs less similar than this to begin with get no area score: dividing by a similarity near
     * zero (or below) means nothing.
     */
    public static final double MIN_REFERENCE = 0.05;

    private Curves() {}

    /** Patches changed after step {@code k} of {@code steps}: {@code round(k n / steps)}, from 0 to n. */
    public static int count(int k, int steps, int patches) {
        if (steps < 1 || k < 0 || k > steps) {
            throw new IllegalArgumentException("step " + k + " of " + steps);
        }
        return (int) Math.round((double) k * patches / steps);
    }

    /**
     * The area under a curve (trapezoids, x = step number), divided by the number of steps and by
     * {@code reference} (the unperturbed similarity): the curve's mean height relative to where
     * the pair started. A flat curve at the reference scores 1; deletion wants it low, insertion
     * high.
     *
     * @param curve K + 1 similarities, K >= 1
     * @param reference the pair's unperturbed similarity
     * @return the normalised area, NaN if {@code reference} is below {@link #MIN_REFERENCE}
     */
    public static double normalisedArea(double[] curve, double reference) {
        if (curve.length < 2) {
            throw new IllegalArgumentException("a curve needs at least 2 points, got " + curve.length);
        }
        if (!(reference >= MIN_REFERENCE)) {
            return Double.NaN;
        }
        double area = 0;
        for (int k = 0; k + 1 < curve.length; k++) {
            area += (curve[k] + curve[k + 1]) / 2;
        }
        return area / (curve.length - 1) / reference;
    }
}

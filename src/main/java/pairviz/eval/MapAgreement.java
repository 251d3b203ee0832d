package pairviz.eval;

import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import pairviz.explain.PairExplanation;

/**
 * How far one explanation of a pair is from another of the same pair (bfloat16 against float32,
 * say): the score difference and the Spearman rank correlation of each image's map cells.
 *
 * @param scoreError |score - reference score|
 * @param rankCorrelationA Spearman correlation of image A's map cells with the reference's
 * @param rankCorrelationB the same for image B
 */
public record MapAgreement(double scoreError, double rankCorrelationA, double rankCorrelationB) {

    /** The agreement of {@code e} with {@code reference} (same pair, same grid). */
    public static MapAgreement of(PairExplanation e, PairExplanation reference) {
        return new MapAgreement(Math.abs(e.score() - reference.score()),
                spearman(e.mapA().values(), reference.mapA().values()),
                spearman(e.mapB().values(), reference.mapB().values()));
    }

    /** The smaller of the two maps' rank correlations. */
    public double minRankCorrelation() {
        return Math.min(rankCorrelationA, rankCorrelationB);
    }

    private static double spearman(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("maps of " + a.length + " and " + b.length + " cells");
        }
        return new SpearmansCorrelation().correlation(doubles(a), doubles(b));
    }

    private static double[] doubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}

package pairviz.eval.faithfulness;

import java.util.Arrays;
import java.util.Random;

/** Means with percentile-bootstrap confidence intervals, seeded so that a report is reproducible. */
public final class Bootstrap {
    /** Resamples drawn per interval. */
    public static final int RESAMPLES = 2000;

    private Bootstrap() {}

    /**
     * A mean and its confidence interval.
     *
     * @param mean the mean of the finite values (NaN if none)
     * @param low the lower end of the interval
     * @param high the upper end
     * @param n how many finite values went in (NaN values are left out: pairs a metric does not apply to)
     */
    public record Estimate(double mean, double low, double high, int n) {}

    /**
     * The mean of the finite values and its 95% percentile-bootstrap interval.
     *
     * @param seed fixes the resamples: the same values and seed give the same interval
     */
    public static Estimate mean95(double[] values, long seed) {
        return mean(values, 0.95, RESAMPLES, seed);
    }

    /**
     * The mean of the finite values and its percentile-bootstrap interval.
     *
     * @param level e.g. 0.95
     * @param resamples how many resamples (with replacement) to draw
     */
    public static Estimate mean(double[] values, double level, int resamples, long seed) {
        if (!(level > 0 && level < 1) || resamples < 1) {
            throw new IllegalArgumentException("level " + level + ", resamples " + resamples);
        }
        double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
        int n = v.length;
        if (n == 0) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = Arrays.stream(v).sum() / n;
        Random random = new Random(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += v[random.nextInt(n)];
            }
            means[r] = s / n;
        }
        Arrays.sort(means);
        double tail = (1 - level) / 2;
        return new Estimate(mean, quantile(means, tail), quantile(means, 1 - tail), n);
    }

    /** Linear-interpolation quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}

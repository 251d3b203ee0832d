package pairviz.eval.faithfulness;

/**
 * How well a map agrees with a ground-truth mask on the same grid. The mask is given as the
 * fraction of each cell it covers ({@link pairviz.data.scenes.PixelMask#coverage}), and the map is
 * read as constant over each cell, so every score is the pixel-level one.
 */
public final class GroundTruthMetrics {
    private GroundTruthMetrics() {}

    /**
     * The share of the map's positive mass that falls on the mask: {@code sum max(m,0) c / sum max(m,0)}.
     *
     * @return in [0, 1]; NaN if the map has no positive value
     */
    public static double massInside(float[] map, float[] coverage) {
        check(map, coverage);
        double inside = 0;
        double total = 0;
        for (int i = 0; i < map.length; i++) {
            double m = Math.max(0, map[i]);
            inside += m * coverage[i];
            total += m;
        }
        return total > 0 ? inside / total : Double.NaN;
    }

    /**
     * The pointing game: 1 if the map's maximum lies in a cell the mask touches, else 0. When
     * several cells share the maximum, the share of them that the mask touches (the chance that
     * a random pick among them hits).
     */
    public static double pointing(float[] map, float[] coverage) {
        check(map, coverage);
        float max = Float.NEGATIVE_INFINITY;
        for (float m : map) {
            max = Math.max(max, m);
        }
        int top = 0;
        int hits = 0;
        for (int i = 0; i < map.length; i++) {
            if (map[i] == max) {
                top++;
                hits += coverage[i] > 0 ? 1 : 0;
            }
        }
        return top == 0 ? Double.NaN : (double) hits / top;
    }

    /**
     * The ROC-AUC of the map as a detector of the mask's pixels: the probability that a random
     * mask pixel scores higher than a random pixel outside it, ties counting one half (the
     * average-rank convention). Cell i weighs {@code c_i} as positive and {@code 1 - c_i} as
     * negative.
     *
     * @return in [0, 1]; NaN if the mask covers nothing or everything
     */
    public static double rocAuc(float[] map, float[] coverage) {
        check(map, coverage);
        double pos = 0;
        double neg = 0;
        double wins = 0;
        for (int i = 0; i < map.length; i++) {
            pos += coverage[i];
            neg += 1 - coverage[i];
            if (coverage[i] == 0) {
                continue;
            }
            for (int j = 0; j < map.length; j++) {
                double pair = (double) coverage[i] * (1 - coverage[j]);
                if (map[i] > map[j]) {
                    wins += pair;
                } else if (map[i] == map[j]) {
                    wins += pair / 2;
                }
            }
        }
        return pos > 0 && neg > 0 ? wins / (pos * neg) : Double.NaN;
    }

    private static void check(float[] map, float[] coverage) {
        if (map.length != coverage.length) {
            throw new IllegalArgumentException(map.length + " map cells but " + coverage.length + " mask cells");
        }
    }
}

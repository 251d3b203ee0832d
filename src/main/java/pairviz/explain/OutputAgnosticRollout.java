package pairviz.explain;

import pairviz.PairvizException;

/**
 * The single-image rollout map (paper figure 8's baseline): how much each input patch feeds the
 * pooled output, from the rollout matrix alone. With mean pooling it is the column means of R over
 * the output patch tokens; with a class token it is the class token's row (with DeiT's class and
 * distillation tokens, the mean of their rows).
 */
public final class OutputAgnosticRollout {
    private OutputAgnosticRollout() {}

    /** The map of one image; needs a transformer's features. */
    public static Heatmap explain(ImageFeatures image) {
        float[] r = image.rollout();
        if (r == null) {
            throw new PairvizException("rollout needs a transformer; " + image.id() + " was embedded by a CNN");
        }
        int t = image.tokens();
        double[] relevance = new double[t];
        if (image.readoutTokens() == 1) {
            for (int j = 0; j < t; j++) {
                relevance[j] = r[j]; // row 0: the class token's
            }
        } else {
            // the rows the embedding reads: the readout tokens, or every patch token with mean pooling
            int from = image.classToken() ? 0 : image.prefixTokens();
            int to = image.classToken() ? image.readoutTokens() : t;
            for (int o = from; o < to; o++) {
                for (int j = 0; j < t; j++) {
                    relevance[j] += r[o * t + j];
                }
            }
            for (int j = 0; j < t; j++) {
                relevance[j] /= to - from;
            }
        }
        return Explainer.onGrid(image, relevance);
    }
}

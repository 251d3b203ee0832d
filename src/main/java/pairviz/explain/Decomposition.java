package pairviz.explain;

import java.util.List;

/**
 * The paper's maps, from an image's features alone (docs/reference.md): the similarity toward a
 * target decomposed over the output tokens, then carried back to the input patches as the
 * {@link Mode} says ({@code reference}: {@code R . map}; {@code conservative}: {@code R^T . map};
 * {@code none}: not at all), and laid on the grid.
 */
final class Decomposition implements MapMethod {
    static final Decomposition INSTANCE = new Decomposition();

    private Decomposition() {}

    @Override
    public List<Attribution> maps(List<ImageFeatures> images, List<Target> targets, ExplainOptions options) {
        return MapMethod.each(images, targets, (image, target) ->
                Attribution.of(Explainer.onGrid(image, carry(image, decompose(image, target), options.mode()))));
    }

    @Override
    public boolean rolloutApplied(ImageFeatures image, ExplainOptions options) {
        return image.rollout() != null && options.mode() != Mode.NONE;
    }

    /** Token t's share of the similarity: {@code contributions[t] . direction / |beta|}, T numbers. */
    static double[] decompose(ImageFeatures image, Target target) {
        double[] d = target.direction();
        if (d.length != image.dim()) {
            throw new IllegalArgumentException("target has width " + d.length + ", image " + image.dim());
        }
        double norm = image.norm();
        double[] m = new double[image.tokens()];
        for (int t = 0; t < m.length; t++) {
            m[t] = norm == 0 ? 0 : Vectors.rowDot(image.contributions(), t, d) / norm;
        }
        return m;
    }

    /** Applies the mode's rollout to a token map (a CNN has no rollout: the map stays). */
    static double[] carry(ImageFeatures image, double[] tokenMap, Mode mode) {
        float[] r = image.rollout();
        if (r == null || mode == Mode.NONE) {
            return tokenMap;
        }
        int t = image.tokens();
        double[] out = new double[t];
        boolean transpose = mode == Mode.CONSERVATIVE;
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                // reference: out = R . map; conservative: out = R^T . map
                out[transpose ? j : i] += r[i * t + j] * tokenMap[transpose ? i : j];
            }
        }
        return out;
    }
}

package pairviz.explain;

/**
 * The pipeline every similarity explainer shares: decompose an image's similarity to a
 * {@link Target} over its output tokens (docs/reference.md section 3), carry the token map back to the input
 * patches as the {@link Mode} says (section 4), and lay it on the grid.
 */
public abstract class Explainer {
    protected final ExplainOptions options;

    protected Explainer(ExplainOptions options) {
        this.options = options;
    }

    public ExplainOptions options() {
        return options;
    }

    /** {@code unit(beta) . direction}: what the map of {@code image} toward {@code target} sums to before rollout. */
    protected static double score(ImageFeatures image, Target target) {
        return Vectors.dot(image.unit(), target.direction());
    }

    /** The map of {@code image} toward {@code target}, on the patch grid. */
    protected final Heatmap map(ImageFeatures image, Target target) {
        return onGrid(image, carry(image, decompose(image, target)));
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
    double[] carry(ImageFeatures image, double[] tokenMap) {
        float[] r = image.rollout();
        if (r == null || options.mode() == Mode.NONE) {
            return tokenMap;
        }
        int t = image.tokens();
        double[] out = new double[t];
        boolean transpose = options.mode() == Mode.CONSERVATIVE;
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                // reference: out = R . map; conservative: out = R^T . map
                out[transpose ? j : i] += r[i * t + j] * tokenMap[transpose ? i : j];
            }
        }
        return out;
    }

    /** Drops the class token, if any, and shapes the rest as the K x K grid. */
    static Heatmap onGrid(ImageFeatures image, double[] tokenValues) {
        int offset = image.classToken() ? 1 : 0;
        float[] v = new float[image.gridRows() * image.gridCols()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) tokenValues[offset + i];
        }
        return new Heatmap(image.gridRows(), image.gridCols(), v);
    }

    /** Whether a rollout was applied to maps of this image under these options. */
    protected boolean rolloutApplied(ImageFeatures image) {
        return image.rollout() != null && options.mode() != Mode.NONE;
    }
}

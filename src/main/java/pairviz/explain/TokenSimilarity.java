package pairviz.explain;

/**
 * The token-to-token matrix S of a pair (docs/reference.md section 3): {@code S[n][m]} is how much patch n of
 * A and patch m of B add to the similarity; row sums give A's map, column sums B's (before rollout).
 */
public final class TokenSimilarity {
    private TokenSimilarity() {}

    /** S over the patch tokens, row-major [N_A x N_B]. */
    public static float[] matrix(ImageFeatures a, ImageFeatures b) {
        int e = a.dim();
        if (b.dim() != e) {
            throw new IllegalArgumentException("embeddings of different widths");
        }
        double scale = a.norm() * b.norm();
        int offA = a.prefixTokens();
        int offB = b.prefixTokens();
        int na = a.tokens() - offA;
        int nb = b.tokens() - offB;
        float[] s = new float[na * nb];
        if (scale == 0) {
            return s;
        }
        float[] ca = a.contributions();
        float[] cb = b.contributions();
        for (int n = 0; n < na; n++) {
            int ra = (n + offA) * e;
            for (int m = 0; m < nb; m++) {
                int rb = (m + offB) * e;
                double dot = 0;
                for (int i = 0; i < e; i++) {
                    dot += ca[ra + i] * cb[rb + i];
                }
                s[n * nb + m] = (float) (dot / scale);
            }
        }
        return s;
    }
}

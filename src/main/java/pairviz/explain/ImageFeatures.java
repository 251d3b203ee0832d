package pairviz.explain;

/**
 * What the explainers need of one image, taken out of one forward pass: plain numbers, so any
 * number of pairs can be explained from it without running the network again (the gradient modes
 * find the network and the image's input through the extractor that made them, not here: features
 * pin neither).
 *
 * <p>The embedding is the sum of the token contributions: {@code beta = sum_t contributions[t]}
 * (with mean pooling {@code contributions[t] = alpha[t] / N}; with a class token all of it is on
 * token 0, or shared by the readout tokens). Tokens are in rollout order: the prefix tokens
 * ({@link pairviz.model.Trace}: class token, distillation token, registers) come first and the N
 * patch tokens follow.
 *
 * @param id the image's name (file name) for reports
 * @param beta the embedding, E numbers
 * @param contributions T x E numbers, row-major
 * @param tokens T = P + N, the number of tokens rollout works on
 * @param gridRows K
 * @param gridCols K
 * @param prefixTokens P, the tokens before the patches (not on the grid)
 * @param readoutTokens leading tokens the embedding is read from (1 for a class token, 2 for
 *     DeiT's class and distillation tokens); 0 for mean pooling over the patches
 * @param rollout the T x T rollout matrix R (row = output token), or null for a CNN
 * @param rolloutSpec how {@code rollout} was made, or null for a CNN
 */
public record ImageFeatures(
        String id, float[] beta, float[] contributions, int tokens, int gridRows, int gridCols,
        int prefixTokens, int readoutTokens, float[] rollout, RolloutSpec rolloutSpec) {

    public ImageFeatures {
        int e = beta.length;
        if (contributions.length != tokens * e) {
            throw new IllegalArgumentException("contributions must be " + tokens + " x " + e);
        }
        if (readoutTokens < 0 || readoutTokens > prefixTokens || tokens != gridRows * gridCols + prefixTokens) {
            throw new IllegalArgumentException(tokens + " tokens do not fit a " + gridRows + "x" + gridCols + " grid");
        }
        if (rollout != null && rollout.length != tokens * tokens) {
            throw new IllegalArgumentException("rollout must be " + tokens + " x " + tokens);
        }
    }

    /** Features with at most a class token: the one prefix token and the readout when {@code classToken}. */
    public ImageFeatures(String id, float[] beta, float[] contributions, int tokens, int gridRows, int gridCols,
            boolean classToken, float[] rollout, RolloutSpec rolloutSpec) {
        this(id, beta, contributions, tokens, gridRows, gridCols, classToken ? 1 : 0, classToken ? 1 : 0, rollout,
                rolloutSpec);
    }

    /** Whether the embedding is read from the leading token(s) rather than the mean of the patches. */
    public boolean classToken() {
        return readoutTokens > 0;
    }

    /** Embedding width E. */
    public int dim() {
        return beta.length;
    }

    /** The L2 norm of the embedding. */
    public double norm() {
        return Vectors.norm(beta);
    }

    /** The unit-length embedding (all zeros for a zero embedding). */
    public double[] unit() {
        return Vectors.unit(beta);
    }
}

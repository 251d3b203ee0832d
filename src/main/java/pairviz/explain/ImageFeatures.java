package pairviz.explain;

/**
 * What the explainers need of one image, taken out of one forward pass: plain numbers, so any
 * number of pairs can be explained from it without running the network again.
 *
 * <p>The embedding is the sum of the token contributions: {@code beta = sum_t contributions[t]}
 * (with mean pooling {@code contributions[t] = alpha[t] / N}; with a class token all of it is on
 * token 0). Tokens are in rollout order: with a class token it comes first and the N patch tokens
 * follow.
 *
 * @param id the image's name (file name) for reports
 * @param beta the embedding, E numbers
 * @param contributions T x E numbers, row-major
 * @param tokens T, the number of tokens rollout works on
 * @param gridRows K
 * @param gridCols K
 * @param classToken whether token 0 is a class token (not on the grid)
 * @param rollout the T x T rollout matrix R (row = output token), or null for a CNN
 * @param rolloutSpec how {@code rollout} was made, or null for a CNN
 * @param input the network and the input it ran on, for the gradient modes that run it again;
 *     null for features made without a network
 */
public record ImageFeatures(
        String id, float[] beta, float[] contributions, int tokens, int gridRows, int gridCols,
        boolean classToken, float[] rollout, RolloutSpec rolloutSpec, ModelInput input) {

    public ImageFeatures {
        int e = beta.length;
        if (contributions.length != tokens * e) {
            throw new IllegalArgumentException("contributions must be " + tokens + " x " + e);
        }
        if (tokens != gridRows * gridCols + (classToken ? 1 : 0)) {
            throw new IllegalArgumentException(tokens + " tokens do not fit a " + gridRows + "x" + gridCols + " grid");
        }
        if (rollout != null && rollout.length != tokens * tokens) {
            throw new IllegalArgumentException("rollout must be " + tokens + " x " + tokens);
        }
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

package pairviz.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What one forward pass of a batch yields for the explainers.
 *
 * @param beta the embeddings, [B, E]
 * @param alpha the per-token features before pooling, [B, N, E], tokens in row-major grid order
 * @param gridHeight rows of the token grid (K)
 * @param gridWidth columns of the token grid (K)
 * @param classToken whether the embedding is the class token (then {@code beta} is not the mean
 *     of {@code alpha}, and the attention maps have the class token first)
 * @param attentions every layer's attention probabilities, [B, H, T, T] with row = query token and
 *     column = key token, T = N (or N + 1 with a class token); empty for a CNN
 */
public record Trace(
        NDArray beta, NDArray alpha, int gridHeight, int gridWidth, boolean classToken, List<NDArray> attentions) {

    public Trace {
        attentions = List.copyOf(attentions);
    }

    /** Number of output tokens N on the grid. */
    public int tokens() {
        return gridHeight * gridWidth;
    }
}

package pairviz.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What one forward pass of a batch yields for the explainers.
 *
 * <p>The attention maps hold T = P + N tokens: P prefix tokens (none with the authors' mean
 * pooling; the class token; then DeiT's distillation token and DINOv2's register tokens, in that
 * order) and the N patch tokens in row-major grid order. The embedding is read from the first
 * {@code readoutTokens} of them (the class token, or the class and distillation tokens of a
 * distilled DeiT, whose embedding is the mean of their two heads), or, when {@code readoutTokens}
 * is 0, it is the mean of {@code alpha} over the patch tokens.
 *
 * @param beta the embeddings, [B, E]
 * @param alpha the per-patch-token features after the head, [B, N, E], tokens in row-major grid order
 * @param gridHeight rows of the token grid (K)
 * @param gridWidth columns of the token grid (K)
 * @param prefixTokens P, the tokens before the patches in the attention maps
 * @param readoutTokens leading tokens the embedding is read from; 0 for mean pooling
 * @param attentions every layer's attention probabilities, [B, H, T, T] with row = query token and
 *     column = key token; empty for a CNN
 */
public record Trace(
        NDArray beta, NDArray alpha, int gridHeight, int gridWidth, int prefixTokens, int readoutTokens,
        List<NDArray> attentions) {

    public Trace {
        attentions = List.copyOf(attentions);
        if (readoutTokens < 0 || readoutTokens > prefixTokens) {
            throw new IllegalArgumentException(readoutTokens + " readout tokens among " + prefixTokens + " prefix tokens");
        }
    }

    /**
     * A trace with at most a class token: with {@code classToken} it is the one prefix token and the
     * embedding is read from it; without, there is no prefix and the embedding is the mean.
     */
    public Trace(NDArray beta, NDArray alpha, int gridHeight, int gridWidth, boolean classToken,
            List<NDArray> attentions) {
        this(beta, alpha, gridHeight, gridWidth, classToken ? 1 : 0, classToken ? 1 : 0, attentions);
    }

    /** Whether the embedding is read from the leading token(s) (then {@code beta} is not the mean of {@code alpha}). */
    public boolean classToken() {
        return readoutTokens > 0;
    }

    /** Number of output tokens N on the grid. */
    public int tokens() {
        return gridHeight * gridWidth;
    }
}

package pairviz.model;

import ai.djl.ndarray.NDArray;

/**
 * Where a gradient explainer taps a transformer's forward pass: each layer's attention
 * probabilities go through {@link #tap} before they are used, so an explainer can put a
 * differentiable alias in their place ({@code A + Z} with {@code Z} a zero leaf that requires a
 * gradient: after the backward pass {@code Z}'s gradient is the gradient with respect to {@code A}).
 * A CNN has no attention and never calls it.
 */
@FunctionalInterface
public interface AttentionTap {
    /** Uses every attention map as it is. */
    AttentionTap NONE = (layer, probabilities) -> probabilities;

    /**
     * @param layer the block's index, 0 = first
     * @param probabilities the block's attention [B, H, T, T] (row = query token)
     * @return what the block uses instead: equal in value, [B, H, T, T]
     */
    NDArray tap(int layer, NDArray probabilities);
}

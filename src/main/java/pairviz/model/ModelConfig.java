package pairviz.model;

/**
 * The architecture of an embedding network: a ViT, a BiT ResNet-v2, a network loaded from
 * TorchScript, ... (those pairviz builds itself are {@link Architecture}s) The methods with defaults describe the output tokens and the attention for the
 * explainers and for {@code pairviz inspect}; the defaults are a CNN's (mean of a K x K grid, no
 * attention).
 */
public interface ModelConfig {

    /** Side of the square input image the network expects, in pixels. */
    int imageSize();

    /** Width E of the embedding. */
    int outDim();

    /** Side K of the K x K token grid at {@link #imageSize()}. */
    int gridSize();

    /** The kind of network for messages, e.g. "ViT" or "BiT ResNet-v2". */
    String kind();

    /** A short human-readable description, e.g. "ViT (patch 16, width 768, depth 12, 12 heads)". */
    String describe();

    /**
     * Whether the embedding is the class token's output (then the trace has the class token
     * first); otherwise it is the mean of the K x K grid's tokens. Default: mean.
     */
    default boolean classToken() {
        return false;
    }

    /** Tokens the network carries beside the K x K grid (a class token, registers). Default: 1 with a class token, else 0. */
    default int prefixTokens() {
        return classToken() ? 1 : 0;
    }

    /** Layers whose attention probabilities the trace returns: 0 for a CNN (the default). */
    default int attentionLayers() {
        return 0;
    }

    /**
     * Whether an {@link AttentionTap} reaches every attention map inside the forward pass, which
     * the gradient with respect to the attention (gradient-weighted rollout) needs. Default: every
     * network with attention; false where the attention maps are only outputs (TorchScript).
     */
    default boolean attentionTaps() {
        return attentionLayers() > 0;
    }
}

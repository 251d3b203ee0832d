package pairviz.model;

/** The architecture of an embedding network: a ViT or a BiT ResNet-v2. */
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

    /** Builds an untrained network of this architecture (parameters not yet set). */
    EmbeddingNetwork newNetwork();
}

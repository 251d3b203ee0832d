package pairviz.model.graph;

import pairviz.PairvizException;
import pairviz.model.EmbeddingNetwork;
import pairviz.model.ModelConfig;

/**
 * What pairviz found in a model graph ({@link GraphNetwork}): its input, the spatial map whose
 * positions it decomposes, and how that map becomes the embedding.
 *
 * @param source the file's name
 * @param format the graph's format ({@code TensorFlow.js}, {@code ONNX})
 * @param imageSize side S of the square input
 * @param gridHeight rows of the feature map at S
 * @param gridWidth columns of the feature map at S
 * @param outDim width E of the embedding
 * @param features the value whose positions are the features (a node's output)
 * @param embedding the value that is the embedding: a graph value, or {@code features} itself
 *     when the embedding is the plain mean of a map the user named
 * @param pooling how {@code features} becomes {@code embedding}, in words
 */
public record GraphConfig(String source, String format, int imageSize, int gridHeight, int gridWidth, int outDim,
        String features, String embedding, String pooling) implements ModelConfig {

    /** Side K of the grid (its rows; the grid of a square input is square in every network pairviz reads). */
    @Override
    public int gridSize() {
        return gridHeight;
    }

    @Override
    public String kind() {
        return format + " graph";
    }

    @Override
    public String describe() {
        return String.format("%s graph (features %s: %d x %d positions; embedding %s, %d-d: %s; %dx%d input)", format,
                features, gridHeight, gridWidth, embedding, outDim, pooling, imageSize, imageSize);
    }

    /** @throws PairvizException always: a graph comes with its weights, from its file */
    @Override
    public EmbeddingNetwork newNetwork() {
        throw new PairvizException("a " + format + " graph is not built from a description: load its file " + source
                + " instead");
    }
}

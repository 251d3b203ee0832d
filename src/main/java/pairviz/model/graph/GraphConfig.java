package pairviz.model.graph;

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
 * @param prefixTokens tokens before the grid's in a transformer's sequence (a class token,
 *     registers); 0 for a spatial map
 * @param readoutTokens 1 when the embedding is read from the class token, else 0 (a mean)
 * @param attentionLayers attention maps found in the graph (a transformer's softmaxes between a
 *     query-key product and a product with the values), each tapped in the forward pass
 */
public record GraphConfig(String source, String format, int imageSize, int gridHeight, int gridWidth, int outDim,
        String features, String embedding, String pooling, int prefixTokens, int readoutTokens, int attentionLayers)
        implements ModelConfig {

    /** A CNN's: a spatial map, no prefix token, no attention. */
    public GraphConfig(String source, String format, int imageSize, int gridHeight, int gridWidth, int outDim,
            String features, String embedding, String pooling) {
        this(source, format, imageSize, gridHeight, gridWidth, outDim, features, embedding, pooling, 0, 0, 0);
    }

    @Override
    public boolean classToken() {
        return readoutTokens > 0;
    }

    @Override
    public int prefixTokens() {
        return prefixTokens;
    }

    @Override
    public int attentionLayers() {
        return attentionLayers;
    }

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
        return String.format("%s graph (features %s: %d x %d positions%s; embedding %s, %d-d: %s; %dx%d input%s)", format,
                features, gridHeight, gridWidth, prefixTokens > 0 ? " after " + prefixTokens + " prefix token(s)" : "",
                embedding, outDim, pooling, imageSize, imageSize,
                attentionLayers > 0 ? "; " + attentionLayers + " attention layers" : "");
    }

}

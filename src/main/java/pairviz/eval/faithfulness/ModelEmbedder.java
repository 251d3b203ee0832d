package pairviz.eval.faithfulness;

import java.util.List;
import pairviz.loading.EmbeddingModel;

/**
 * The embedding-only path through a network ({@link EmbeddingModel#embeddings}): one forward
 * pass per call, only the pooled embedding copied out.
 */
public final class ModelEmbedder implements Embedder {
    private final EmbeddingModel model;

    public ModelEmbedder(EmbeddingModel model) {
        this.model = model;
    }

    @Override
    public float[][] embed(List<float[]> images) {
        return model.embeddings(images).toArray(float[][]::new);
    }
}

package pairviz.eval.faithfulness;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.List;
import pairviz.model.EmbeddingModel;

/**
 * The embedding-only path through a network: one forward pass per call, only the pooled
 * embedding copied out, every native array freed on return (a sub-manager per call).
 */
public final class ModelEmbedder implements Embedder {
    private final EmbeddingModel model;

    public ModelEmbedder(EmbeddingModel model) {
        this.model = model;
    }

    @Override
    public float[][] embed(List<float[]> images) {
        int s = model.config().imageSize();
        int b = images.size();
        FloatBuffer batch = FloatBuffer.allocate(b * 3 * s * s);
        for (float[] img : images) {
            if (img.length != 3 * s * s) {
                throw new IllegalArgumentException("image of " + img.length + " values, expected 3 x " + s + " x " + s);
            }
            batch.put(img);
        }
        batch.flip();
        try (NDManager sub = model.manager().newSubManager()) {
            float[] beta = model.trace(sub.create(batch, new Shape(b, 3, s, s))).beta().toFloatArray(); // [B, E]
            int e = beta.length / b;
            float[][] out = new float[b][e];
            for (int i = 0; i < b; i++) {
                System.arraycopy(beta, i * e, out[i], 0, e);
            }
            return out;
        }
    }
}

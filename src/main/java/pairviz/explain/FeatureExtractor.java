package pairviz.explain;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import pairviz.loading.EmbeddingModel;
import pairviz.model.FiniteOutput;
import pairviz.image.Normalization;
import pairviz.image.PixelRange;
import pairviz.model.Trace;

/**
 * Runs the network once on a batch of images and keeps, per image, the plain numbers the
 * explainers need ({@link ImageFeatures}); every native array of the pass is freed on return.
 * For embeddings alone, the cheap path is {@link EmbeddingModel#embeddings}.
 */
public final class FeatureExtractor {
    private final EmbeddingModel model;
    private final RolloutSpec rollout;
    private final float[] black;

    /** An extractor whose inputs' normalisation is unknown (integrated gradients cannot start from black). */
    public FeatureExtractor(EmbeddingModel model, RolloutSpec rollout) {
        this(model, rollout, null);
    }

    private FeatureExtractor(EmbeddingModel model, RolloutSpec rollout, float[] black) {
        this.model = model;
        this.rollout = rollout;
        this.black = black;
    }

    /**
     * This extractor for inputs normalised by {@code normalization} from 0..1 pixels, which tells
     * integrated gradients where black is ({@link ModelInput#black()}).
     */
    public FeatureExtractor withNormalization(Normalization normalization) {
        return withNormalization(PixelRange.UNIT, normalization);
    }

    /** The same for pixels taken to {@code range} before {@code normalization}. */
    public FeatureExtractor withNormalization(PixelRange range, Normalization normalization) {
        float[] b = new float[3];
        for (int c = 0; c < 3; c++) {
            b[c] = (range.scale(0) - normalization.mean(c)) / normalization.std(c);
        }
        return new FeatureExtractor(model, rollout, b);
    }

    public EmbeddingModel model() {
        return model;
    }

    public RolloutSpec rollout() {
        return rollout;
    }

    /**
     * Features of a batch of preprocessed images.
     *
     * @param ids the images' names
     * @param images each 3 x S x S, normalised, channel-major
     * @throws pairviz.BadParameterException naming the image whose embedding holds a NaN or infinite value
     */
    public List<ImageFeatures> extract(List<String> ids, List<float[]> images) {
        int b = images.size();
        try (NDManager sub = model.manager().newSubManager()) {
            Trace trace = model.trace(model.input(sub, images)); // images [B, 3, S, S]
            float[] beta = trace.beta().toFloatArray(); // [B, E]
            float[] alpha = trace.alpha().toFloatArray(); // [B, N, E]
            int e = (int) trace.beta().getShape().get(1);
            int n = trace.tokens();
            int p = trace.prefixTokens();
            int t = n + p;
            float[] r = trace.attentions().isEmpty() ? null : Rollout.matrices(trace.attentions(), rollout).toFloatArray();
            List<ImageFeatures> out = new ArrayList<>(b);
            for (int i = 0; i < b; i++) {
                float[] bi = slice(beta, i, e);
                FiniteOutput.requireEmbedding(bi, ids.get(i));
                float[] contributions = trace.classToken() ? readoutShare(bi, t, trace.readoutTokens())
                        : mean(slice(alpha, i, n * e), n, p);
                out.add(new ImageFeatures(ids.get(i), bi, contributions, t, trace.gridHeight(), trace.gridWidth(),
                        p, trace.readoutTokens(), r == null ? null : slice(r, i, t * t), r == null ? null : rollout,
                        new ModelInput(model, images.get(i), black)));
            }
            return out;
        }
    }

    private static float[] slice(float[] all, int i, int size) {
        float[] out = new float[size];
        System.arraycopy(all, i * size, out, 0, size);
        return out;
    }

    /** Mean pooling: patch token n contributes alpha[n] / N; the {@code prefix} tokens before them nothing. */
    private static float[] mean(float[] alpha, int n, int prefix) {
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] /= n;
        }
        if (prefix == 0) {
            return alpha;
        }
        int e = alpha.length / n;
        float[] c = new float[(prefix + n) * e];
        System.arraycopy(alpha, 0, c, prefix * e, alpha.length);
        return c;
    }

    /**
     * Class-token pooling: all of the embedding is on token 0; with DeiT's two readout tokens, half
     * of it on each (what each token's head gives is not kept apart).
     */
    private static float[] readoutShare(float[] beta, int tokens, int readout) {
        float[] c = new float[tokens * beta.length];
        for (int r = 0; r < readout; r++) {
            for (int i = 0; i < beta.length; i++) {
                c[r * beta.length + i] = readout == 1 ? beta[i] : beta[i] / readout;
            }
        }
        return c;
    }
}

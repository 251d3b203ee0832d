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
 * explainers need ({@link ImageFeatures}); the explainers of the gradient modes find this
 * extractor, and so the network and each image's input, from the features.
 *
 * <p>An extractor made for a mode that uses the gradient of the image's own forward pass
 * (grad-rollout, what {@link Mode#AUTO} picks for a transformer) runs that pass under autograd and
 * keeps it (grad-input: the input's gradient too, any network)
 * until the first explanation that uses it (at most for the last {@value #KEPT_IMAGES}
 * images so extracted in this JVM, whatever the extractor: about 0.4 GB of native memory an image
 * for ViT-B/16 at 256), so that explaining them costs backward passes only; any other extractor frees every native array of the pass on return. For embeddings alone,
 * the cheap path is {@link EmbeddingModel#embeddings}.
 */
public final class FeatureExtractor {
    /** Images whose forward pass under autograd an extractor for grad-rollout keeps. */
    public static final int KEPT_IMAGES = 8;

    private final EmbeddingModel model;
    private final RolloutSpec rollout;
    private final float[] black;
    private final boolean keep;
    /** Whether the kept passes take the input's gradient (grad-input) instead of the attention maps' (grad-rollout); only with {@code keep}. */
    private final boolean keepsInput;
    /** The kept passes of every extractor, oldest first; guarded by {@link GradientPass#LOCK}. */
    private static final java.util.ArrayDeque<Kept> KEPT = new java.util.ArrayDeque<>();

    /**
     * An extractor for the decomposition modes (the rollout matrix made with {@code rollout}), whose
     * inputs' normalisation is unknown (integrated gradients cannot start from black).
     */
    public FeatureExtractor(EmbeddingModel model, RolloutSpec rollout) {
        this(model, rollout, null, false, false);
    }

    /**
     * An extractor for maps made with {@code options}: their rollout settings, and, when the mode
     * is grad-rollout for this network, the forward pass kept for the backward passes.
     */
    public FeatureExtractor(EmbeddingModel model, ExplainOptions options) {
        this(model, options.rollout(), null, keepsPass(model, options.mode()), options.mode() == Mode.GRAD_INPUT);
    }

    private FeatureExtractor(EmbeddingModel model, RolloutSpec rollout, float[] black, boolean keep, boolean keepsInput) {
        this.model = model;
        this.rollout = rollout;
        this.black = black;
        this.keep = keep;
        this.keepsInput = keepsInput;
    }

    /**
     * Whether maps in {@code mode} on this network take the gradient of the image's own forward pass:
     * grad-rollout (the attention maps' gradients) on a transformer whose maps pairviz taps, and
     * grad-input (the input's gradient at the image itself) on any network.
     */
    private static boolean keepsPass(EmbeddingModel model, Mode mode) {
        boolean transformer = model.config().attentionLayers() > 0 && model.config().attentionTaps();
        return mode == Mode.GRAD_INPUT
                || transformer && (mode == Mode.GRAD_ROLLOUT || mode == Mode.AUTO && Mode.TRANSFORMER_DEFAULT == Mode.GRAD_ROLLOUT);
    }

    /**
     * A kept forward pass.
     *
     * @param pass the pass, its attention maps tapped from {@code fromLayer} up ({@link GradientPass#NO_ATTENTION}
     *     for none: then it takes the input's gradient)
     * @param images the features it gave, one per row of its batch
     * @param owner the extractor that made it
     */
    record Kept(GradientPass pass, List<ImageFeatures> images, int fromLayer, FeatureExtractor owner) {
        /**
         * Whether backward passes through this batch, {@code maps[r]} maps asked of row r (0 for
         * an image not asked, or asked elsewhere), cost no more than running the asked images
         * forward again: a backward pass costs about a forward pass per image of the batch, so
         * through a batch whose rows are mostly not asked for, running them again is cheaper.
         */
        boolean serves(int[] maps) {
            int used = 0;
            int rounds = 0;
            for (int n : maps) {
                used += n > 0 ? 1 : 0;
                rounds = Math.max(rounds, n);
            }
            return used > 0 && rounds * (maps.length - used) <= used;
        }
    }

    /**
     * This extractor's kept passes whose taps start at or below {@code startLayer}; the caller
     * holds {@link GradientPass#LOCK}.
     */
    List<Kept> kept(int startLayer) {
        return KEPT.stream().filter(k -> k.owner() == this && k.fromLayer() <= startLayer).toList();
    }

    /** This extractor's kept passes that take the input's gradient (grad-input); the caller holds {@link GradientPass#LOCK}. */
    List<Kept> keptWithInputGradient() {
        return KEPT.stream().filter(k -> k.owner() == this && k.pass().takesInputGradient()).toList();
    }

    /** Frees a kept pass that has served its explanation; the caller holds {@link GradientPass#LOCK}. */
    static void release(Kept kept) {
        if (KEPT.remove(kept)) {
            kept.pass().close();
        }
    }

    /** Whether this extractor keeps the forward passes of its last images for grad-rollout. */
    public boolean keepsPasses() {
        return keep;
    }

    /** Frees this extractor's kept forward passes now (they are freed anyway as newer images come, and with the model). */
    public void dropKeptPasses() {
        synchronized (GradientPass.LOCK) {
            KEPT.stream().filter(k -> k.owner() == this).toList().forEach(FeatureExtractor::release);
        }
    }

    /** The network input of a black pixel per channel, or null when the normalisation is unknown. */
    float[] black() {
        return black;
    }

    /**
     * This extractor for inputs normalised by {@code normalization} from 0..1 pixels, which tells
     * integrated gradients where black is ({@link Baseline#BLACK}).
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
        return new FeatureExtractor(model, rollout, b, keep, keepsInput);
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
        if (keep) {
            return extractKeeping(ids, images);
        }
        try (NDManager sub = model.manager().newSubManager()) {
            long start = System.nanoTime();
            Trace trace = model.trace(model.input(sub, images)); // images [B, 3, S, S]
            PassCounts.forward(images.size(), start); // the pass alone, as for a kept pass
            List<ImageFeatures> out = features(ids, trace);
            remember(out, images);
            return out;
        }
    }

    /** {@link #extract} under autograd, the pass kept for grad-rollout's (or grad-input's) backward passes. */
    private List<ImageFeatures> extractKeeping(List<String> ids, List<float[]> images) {
        synchronized (GradientPass.LOCK) {
            NDManager sub = model.manager().newSubManager();
            GradientPass pass;
            List<ImageFeatures> out;
            try {
                pass = keepsInput
                        ? GradientPass.forward(model, sub, model.input(sub, images), GradientPass.NO_ATTENTION, true)
                        : GradientPass.forward(model, sub, model.input(sub, images), rollout.startLayer(), false);
                out = features(ids, pass.trace());
            } catch (RuntimeException failure) {
                sub.close();
                throw failure;
            }
            KEPT.addLast(new Kept(pass, out, keepsInput ? GradientPass.NO_ATTENTION : rollout.startLayer(), this));
            int held = KEPT.stream().mapToInt(k -> k.images().size()).sum();
            while (held > KEPT_IMAGES && KEPT.size() > 1) {
                Kept old = KEPT.removeFirst();
                held -= old.images().size();
                old.pass().close();
            }
            remember(out, images);
            return out;
        }
    }

    private void remember(List<ImageFeatures> features, List<float[]> images) {
        for (int i = 0; i < features.size(); i++) {
            float[] pixels = images.get(i);
            Origins.remember(features.get(i), this, () -> pixels);
        }
    }

    /** The plain numbers of each image of a trace. */
    private List<ImageFeatures> features(List<String> ids, Trace trace) {
        int b = ids.size();
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
                    p, trace.readoutTokens(), r == null ? null : slice(r, i, t * t), r == null ? null : rollout));
        }
        return out;
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

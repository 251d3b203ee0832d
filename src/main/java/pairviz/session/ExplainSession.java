package pairviz.session;

import java.util.Objects;
import pairviz.explain.ClassMapExplainer;
import pairviz.explain.ExplainOptions;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplainer;
import pairviz.explain.RolloutSpec;
import pairviz.loading.EmbeddingModel;

/**
 * One loaded network with the options of its maps: the feature path (photos prepared as the model
 * says, the network run in batches, recent features remembered) and the explainers. It does not
 * own the model: whoever loaded it closes it.
 *
 * <p><b>Cache policy</b> (the one every caller gets): the features of the most recently used
 * {@code max(}{@value #CACHED_IMAGES}{@code , 4 x batch, imagesAtOnce)} images are remembered, so
 * an image paired many times costs one forward pass, a batch embedded at once is still there
 * when its pairs are explained, and a figure that pairs {@code imagesAtOnce} images (say every
 * image of a comparison) runs each through the network once.
 *
 * <pre>{@code
 * try (EmbeddingModel m = EmbeddingModel.load(weights, ModelOptions.auto())) {
 *     ExplainSession s = ExplainSession.builder().setModel(m).optOptions(ExplainOptions.DEFAULT).build();
 *     PairExplanation e = s.pairExplainer().explain(s.embedder().features(a), s.embedder().features(b));
 * }
 * }</pre>
 */
public final class ExplainSession {
    /** The fewest images whose features a session remembers. */
    public static final int CACHED_IMAGES = 64;
    /** Images per forward pass unless the builder says otherwise. */
    public static final int DEFAULT_BATCH = 8;

    private final EmbeddingModel model;
    private final ExplainOptions options;
    private final ImageEmbedder embedder;

    private ExplainSession(EmbeddingModel model, ExplainOptions options, ImageEmbedder embedder) {
        this.model = model;
        this.options = options;
        this.embedder = embedder;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The feature path of {@code model} for maps made with {@code options}: the one place where one
     * is built, with the cache policy above. In a gradient mode the extractor keeps each image's
     * forward pass under autograd for its partners' backward passes ({@link FeatureExtractor}).
     *
     * @param batch images per forward pass (at least 1)
     * @param imagesAtOnce how many images the caller pairs at once (0 when it does not know)
     */
    public static ImageEmbedder embedder(EmbeddingModel model, ExplainOptions options, int batch, int imagesAtOnce) {
        return cached(new FeatureExtractor(model, options), model, batch, imagesAtOnce);
    }

    /**
     * The feature path of {@code model} with {@code rollout}'s rollout matrix, for callers that
     * keep one per rollout setting and explain in any mode (the web app); it keeps no forward pass.
     */
    public static ImageEmbedder embedder(EmbeddingModel model, RolloutSpec rollout, int batch, int imagesAtOnce) {
        return cached(new FeatureExtractor(model, rollout), model, batch, imagesAtOnce);
    }

    private static ImageEmbedder cached(FeatureExtractor extractor, EmbeddingModel model, int batch, int imagesAtOnce) {
        int cached = Math.max(CACHED_IMAGES, Math.max(4 * batch, imagesAtOnce));
        return new ImageEmbedder(extractor, model.preprocessing(), batch, cached);
    }

    /** The network. */
    public EmbeddingModel model() {
        return model;
    }

    /** The options every map of this session is made with. */
    public ExplainOptions options() {
        return options;
    }

    /** Image files in, features out (remembered by the cache policy). */
    public ImageEmbedder embedder() {
        return embedder;
    }

    /** The paired maps with this session's options. */
    public PairExplainer pairExplainer() {
        return new PairExplainer(options);
    }

    /** Class maps with this session's options. */
    public ClassMapExplainer classMapExplainer() {
        return new ClassMapExplainer(options);
    }

    /** Builds an {@link ExplainSession}: {@code setModel} is required, everything else optional. */
    public static final class Builder {
        private EmbeddingModel model;
        private ExplainOptions options = ExplainOptions.DEFAULT;
        private int batch = DEFAULT_BATCH;
        private int imagesAtOnce;

        private Builder() {}

        /** The loaded network (the caller keeps it and closes it). */
        public Builder setModel(EmbeddingModel model) {
            this.model = model;
            return this;
        }

        /** The options of the maps; default {@link ExplainOptions#DEFAULT}. */
        public Builder optOptions(ExplainOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Images per forward pass; default {@value ExplainSession#DEFAULT_BATCH}. */
        public Builder optBatchSize(int batch) {
            this.batch = batch;
            return this;
        }

        /** How many images the caller pairs at once, so that the cache holds them all; default 0 (unknown). */
        public Builder optImagesAtOnce(int images) {
            this.imagesAtOnce = images;
            return this;
        }

        public ExplainSession build() {
            if (model == null) {
                throw new IllegalStateException("setModel is required");
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, not " + batch);
            }
            if (imagesAtOnce < 0) {
                throw new IllegalArgumentException("images at once must not be negative, not " + imagesAtOnce);
            }
            return new ExplainSession(model, options, embedder(model, options, batch, imagesAtOnce));
        }
    }
}

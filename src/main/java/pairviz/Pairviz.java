package pairviz;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import pairviz.explain.ClassMap;
import pairviz.explain.ExplainOptions;
import pairviz.explain.HeadFusion;
import pairviz.explain.Heatmap;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.ImageFeatures;
import pairviz.explain.IntegratedGradientsSpec;
import pairviz.explain.Mode;
import pairviz.explain.OutputAgnosticRollout;
import pairviz.explain.PairExplanation;
import pairviz.explain.RolloutSpec;
import pairviz.explain.TokenSimilarity;
import pairviz.image.ImageFiles;
import pairviz.image.Normalization;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.Precision;
import pairviz.render.Colormap;
import pairviz.render.PhotoOverlay;
import pairviz.session.ExplainSession;

/**
 * The Java entry point: a loaded network plus the options of its maps. Each image goes through
 * the network once and is remembered, so explaining it against many partners is cheap.
 *
 * <pre>{@code
 * try (Pairviz pv = Pairviz.builder().setWeights(Path.of("vit.pth")).build()) {
 *     PairExplanation e = pv.explain(Path.of("a.jpg"), Path.of("b.jpg"));
 *     System.out.println(e.score() + " " + e.mapA().sum());
 * }
 * }</pre>
 */
public final class Pairviz implements AutoCloseable {
    private final ExplainSession session;
    private final ImageEmbedder embedder;

    private Pairviz(EmbeddingModel model, ExplainOptions options, int batch) {
        // the feature path (and its cache policy) and the explainers are the session's, as on the command line
        this.session = ExplainSession.builder().setModel(model).optOptions(options).optBatchSize(batch).build();
        this.embedder = session.embedder();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The paired similarity maps of two image files. */
    public PairExplanation explain(Path a, Path b) {
        List<ImageFeatures> f = embedder.features(List.of(a, b));
        return session.pairExplainer().explain(f.get(0), f.get(1));
    }

    /** The token-to-token matrix S of two image files: row n is what patch n of A matches in B. */
    public float[] tokenSimilarity(Path a, Path b) {
        List<ImageFeatures> f = embedder.features(List.of(a, b));
        return TokenSimilarity.matrix(f.get(0), f.get(1));
    }

    /** The output-agnostic rollout map of one image (transformers only). */
    public Heatmap rollout(Path image) {
        return OutputAgnosticRollout.explain(embedder.features(image));
    }

    /** The class map of {@code query} against the images of one class. */
    public ClassMap classMap(Path query, List<Path> classImages) {
        List<float[]> members = embedder.features(classImages).stream().map(ImageFeatures::beta).toList();
        return session.classMapExplainer().explain(embedder.features(query), members);
    }

    /** The features of an image file (embedding, token contributions, rollout). */
    public ImageFeatures features(Path image) {
        return embedder.features(image);
    }

    /**
     * A picture of {@code map} on the whole photo at its own shape, over the part the network saw
     * (as {@code explain} draws it, {@link PhotoOverlay}; at the scale the network saw the photo: a
     * square photo under the authors' squash gives their S x S picture exactly).
     */
    public BufferedImage picture(Path image, Heatmap map, Colormap colormap) {
        BufferedImage photo = ImageFiles.read(image);
        return PhotoOverlay.Base.of(photo, embedder.placement(photo.getWidth(), photo.getHeight()),
                embedder.preprocessing().size(), 0).picture(map.values(), map.rows(), map.cols(), colormap);
    }

    public EmbeddingModel model() {
        return session.model();
    }

    public ExplainOptions options() {
        return session.options();
    }

    @Override
    public void close() {
        session.model().close();
    }

    /** Builds a {@link Pairviz}: {@code setWeights} is required, everything else optional. */
    public static final class Builder {
        private Path weights;
        private ModelOptions modelOptions = ModelOptions.auto();
        private Mode mode = Mode.AUTO;
        private HeadFusion fusion = HeadFusion.MEAN;
        private int startLayer;
        private IntegratedGradientsSpec integratedGradients = IntegratedGradientsSpec.DEFAULT;
        private Normalization normalization;
        private int batch = 8;
        private Precision precision;

        private Builder() {}

        /** The checkpoint (.pth, .safetensors, .npz). */
        public Builder setWeights(Path weights) {
            this.weights = weights;
            return this;
        }

        /** Everything said about the network: architecture hints, precision, preprocessing overrides. */
        public Builder optModelOptions(ModelOptions options) {
            this.modelOptions = options;
            return this;
        }

        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder optHeadFusion(HeadFusion fusion) {
            this.fusion = fusion;
            return this;
        }

        public Builder optStartLayer(int startLayer) {
            this.startLayer = startLayer;
            return this;
        }

        /** Integrated gradients' steps and baseline (default {@link IntegratedGradientsSpec#DEFAULT}). */
        public Builder optIntegratedGradients(IntegratedGradientsSpec spec) {
            this.integratedGradients = java.util.Objects.requireNonNull(spec);
            return this;
        }

        /** The input normalisation, over the model's own (its metadata, its library's); unset, the model's. */
        public Builder optNormalization(Normalization normalization) {
            this.normalization = normalization;
            return this;
        }

        public Builder optBatchSize(int batch) {
            this.batch = batch;
            return this;
        }

        /**
         * The precision of the matrix products and convolutions (see {@link Precision}); unset, the
         * model options' (float32 unless they say otherwise).
         */
        public Builder optPrecision(Precision precision) {
            this.precision = precision;
            return this;
        }

        /** Loads the network; throws {@link PairvizException} for a missing or unfit checkpoint. */
        public Pairviz build() {
            if (weights == null) {
                throw new IllegalStateException("setWeights is required");
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch size must be at least 1");
            }
            ExplainOptions options = new ExplainOptions(mode, new RolloutSpec(fusion, startLayer), integratedGradients);
            ModelOptions.Builder model = modelOptions.toBuilder();
            if (precision != null) {
                model.optPrecision(precision);
            }
            if (normalization != null) {
                model.optNorm(normalization);
            }
            return new Pairviz(EmbeddingModel.load(weights, model.build()), options, batch);
        }
    }
}

package pairviz.loading;

import pairviz.model.Precision;
import java.io.Serializable;
import java.util.Objects;
import pairviz.BadParameterException;
import pairviz.image.Normalization;
import pairviz.image.PixelRange;
import pairviz.image.ResizePolicy;
import pairviz.model.vit.VitConfig;

/**
 * Everything the user says about a network, one object that travels whole (to a Spark executor,
 * into the loader): the architecture hints no checkpoint records, the precision it runs in, and
 * the preprocessing the user overrides. Everything left unset is read from the checkpoint (and
 * the files beside it) or takes pairviz's default. Built with {@link #builder()} (DJL style:
 * {@code optX} setters, checked in {@link Builder#build()}); {@link #auto()} infers everything.
 *
 * <p>Library parameters are named in words in messages ({@code {size}}, {@code {heads}}, ...;
 * see {@link BadParameterException}), so the command line reports them as its flags.
 */
public final class ModelOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final ModelOptions AUTO = builder().build();

    private final String model;
    private final Integer heads;
    private final VitConfig.Pooling pooling;
    private final Integer imageSize;
    private final Integer groups;
    private final Precision precision;
    private final String norm;
    private final ResizePolicy resize;
    private final Double cropFraction;
    private final PixelRange pixelRange;
    private final Boolean bgr;
    private final String features;

    private ModelOptions(Builder b) {
        model = b.model;
        heads = b.heads;
        pooling = b.pooling;
        imageSize = b.imageSize;
        groups = b.groups;
        precision = b.precision;
        norm = b.norm;
        resize = b.resize;
        cropFraction = b.cropFraction;
        pixelRange = b.pixelRange;
        bgr = b.bgr;
        features = b.features;
    }

    /** Infer everything, with pairviz's defaults, in float32. */
    public static ModelOptions auto() {
        return AUTO;
    }

    /** A builder with everything unset ({@code auto}, float32). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to change some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.heads = heads;
        b.pooling = pooling;
        b.imageSize = imageSize;
        b.groups = groups;
        b.precision = precision;
        b.norm = norm;
        b.resize = resize;
        b.cropFraction = cropFraction;
        b.pixelRange = pixelRange;
        b.features = features;
        b.bgr = bgr;
        return b;
    }

    /** These options with a given head count (null: unset). */
    public ModelOptions withHeads(Integer h) {
        return toBuilder().optHeads(h).build();
    }

    /** {@code auto} (infer the architecture) or a {@link Preset}'s name. */
    public String model() {
        return model;
    }

    /** Attention heads of a ViT, or null: its checkpoint's metadata, config.json, its library's builder, else width / 64. */
    public Integer heads() {
        return heads;
    }

    /** ViT pooling, or null: the checkpoint's, else the paper's mean pooling. */
    public VitConfig.Pooling pooling() {
        return pooling;
    }

    /** Side of the square input, or null: the checkpoint's (its metadata, position embeddings, family's default). */
    public Integer imageSize() {
        return imageSize;
    }

    /** GroupNorm groups of a ResNet, or null for BiT's 32 (or the checkpoint's metadata). */
    public Integer groups() {
        return groups;
    }

    /** The precision of the network's matrix products and convolutions; applied by the loader. */
    public Precision precision() {
        return precision;
    }

    /** The normalisation the user gives, or null: the model's. */
    public Normalization norm() {
        return norm == null ? null : Normalization.parse(norm);
    }

    /** The normalisation as the user wrote it ({@code imagenet}, {@code sop}, {@code R,G,B:R,G,B}), or null. */
    public String normText() {
        return norm;
    }

    /** How a photo becomes the square input, or null: the model's. */
    public ResizePolicy resize() {
        return resize;
    }

    /** The centre crop's share of the shorter side, or null: the model's. */
    public Double cropFraction() {
        return cropFraction;
    }

    /** The pixel range before normalisation, or null: the model's. */
    public PixelRange pixelRange() {
        return pixelRange;
    }

    /** Whether the network takes BGR, or null: the model's. */
    public Boolean bgr() {
        return bgr;
    }

    /**
     * The node of a model graph (TensorFlow.js, ONNX) whose output is decomposed, or null: found
     * in the graph.
     */
    public String features() {
        return features;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelOptions m && model.equals(m.model) && Objects.equals(heads, m.heads)
                && pooling == m.pooling && Objects.equals(imageSize, m.imageSize) && Objects.equals(groups, m.groups)
                && precision == m.precision && Objects.equals(norm, m.norm) && resize == m.resize
                && Objects.equals(cropFraction, m.cropFraction) && pixelRange == m.pixelRange && Objects.equals(bgr, m.bgr)
                && Objects.equals(features, m.features);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, heads, pooling, imageSize, groups, precision, norm, resize, cropFraction, pixelRange, bgr, features);
    }

    @Override
    public String toString() {
        return "ModelOptions[model=" + model + ", heads=" + heads + ", pooling=" + pooling + ", imageSize=" + imageSize
                + ", groups=" + groups + ", precision=" + precision.label() + ", norm=" + norm + ", resize=" + resize
                + ", cropFraction=" + cropFraction + ", pixelRange=" + pixelRange + ", bgr=" + bgr + ", features=" + features + "]";
    }

    /** Builds {@link ModelOptions}; every setting is optional, checked in {@link #build()}. */
    public static final class Builder {
        private String model = "auto";
        private Integer heads;
        private VitConfig.Pooling pooling;
        private Integer imageSize;
        private Integer groups;
        private Precision precision = Precision.FP32;
        private String norm;
        private ResizePolicy resize;
        private Double cropFraction;
        private PixelRange pixelRange;
        private Boolean bgr;
        private String features;

        private Builder() {}

        /** The graph node whose output is decomposed (TensorFlow.js, ONNX); null: found in the graph. */
        public Builder optFeatures(String node) {
            features = node == null || node.isBlank() ? null : node.strip();
            return this;
        }

        /** {@code auto} (default) or a {@link Preset}'s name; null means auto. */
        public Builder optModel(String model) {
            this.model = model == null ? "auto" : model;
            return this;
        }

        /** Attention heads of a ViT. */
        public Builder optHeads(Integer heads) {
            this.heads = heads;
            return this;
        }

        /** ViT pooling. */
        public Builder optPooling(VitConfig.Pooling pooling) {
            this.pooling = pooling;
            return this;
        }

        /** Side of the square input (16 to 4096). */
        public Builder optImageSize(Integer imageSize) {
            this.imageSize = imageSize;
            return this;
        }

        /** GroupNorm groups of a ResNet. */
        public Builder optGroups(Integer groups) {
            this.groups = groups;
            return this;
        }

        /** Precision of the matrix products and convolutions (default float32). */
        public Builder optPrecision(Precision precision) {
            this.precision = precision == null ? Precision.FP32 : precision;
            return this;
        }

        /** Normalisation: {@code imagenet}, {@code sop} or {@code R,G,B:R,G,B} (means, then standard deviations). */
        public Builder optNorm(String norm) {
            this.norm = norm;
            return this;
        }

        /** Normalisation given as values. */
        public Builder optNorm(Normalization norm) {
            this.norm = norm == null ? null : text(norm.mean()) + ":" + text(norm.std());
            return this;
        }

        /** How a photo becomes the square input. */
        public Builder optResize(ResizePolicy resize) {
            this.resize = resize;
            return this;
        }

        /** The centre crop's share of the shorter side, in (0, 1]. */
        public Builder optCropFraction(Double cropFraction) {
            this.cropFraction = cropFraction;
            return this;
        }

        /** The pixel range before normalisation. */
        public Builder optPixelRange(PixelRange pixelRange) {
            this.pixelRange = pixelRange;
            return this;
        }

        /** Whether the network takes blue, green, red. */
        public Builder optBgr(Boolean bgr) {
            this.bgr = bgr;
            return this;
        }

        /**
         * The options, checked.
         *
         * @throws BadParameterException naming the first setting out of range
         */
        public ModelOptions build() {
            if (!"auto".equalsIgnoreCase(model.strip())) {
                try {
                    Preset.of(model);
                } catch (pairviz.PairvizException e) {
                    throw BadParameterException.of("model", "'" + model + "' is neither auto nor a preset: "
                            + String.join(", ", Preset.names()));
                }
            }
            if (heads != null && heads < 1) {
                throw BadParameterException.of("heads", "must be at least 1, not " + heads);
            }
            if (imageSize != null && (imageSize < 16 || imageSize > 4096)) {
                throw BadParameterException.of("size", "must be between 16 and 4096, not " + imageSize);
            }
            if (groups != null && groups < 1) {
                throw BadParameterException.of("groups", "must be at least 1, not " + groups);
            }
            if (cropFraction != null && !(cropFraction > 0 && cropFraction <= 1)) {
                throw BadParameterException.of("crop", "must be a fraction in (0, 1], e.g. 0.875, not " + cropFraction);
            }
            if (norm != null) {
                try {
                    Normalization.parse(norm);
                } catch (pairviz.PairvizException e) {
                    throw new BadParameterException("{norm}: " + e.getMessage().replace("{", "(").replace("}", ")"));
                }
            }
            return new ModelOptions(this);
        }

        private static String text(float[] v) {
            return v[0] + "," + v[1] + "," + v[2];
        }
    }
}

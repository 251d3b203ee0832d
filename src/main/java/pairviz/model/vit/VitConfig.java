package pairviz.model.vit;

import pairviz.model.EmbeddingNetwork;
import pairviz.model.Architecture;

/**
 * The architecture of a Vision Transformer embedding network (docs/reference.md section 1, and
 * docs/models.md for the families).
 *
 * @param imageSize side of the square input image
 * @param patchSize side of a square patch; {@code imageSize} must be a multiple of it
 * @param width token width D
 * @param depth number of encoder blocks L
 * @param heads attention heads H; {@code width} must be a multiple of it
 * @param mlpDim hidden width M of each block's MLP
 * @param outDim embedding width E: the head's output, or (with no head) the width before it
 * @param pooling how tokens become the embedding
 * @param variant what sets a family's network apart from the authors' ({@link Variant#AUTHORS})
 */
public record VitConfig(
        int imageSize, int patchSize, int width, int depth, int heads, int mlpDim, int outDim, Pooling pooling,
        Variant variant)
        implements Architecture {

    /** How the output tokens become one embedding. */
    public enum Pooling {
        /**
         * The mean of the patch tokens. In the authors' network ({@link Variant#dropClassToken}) the
         * class token is dropped before the encoder; in the other families (timm's
         * {@code global_pool='avg'}) the prefix tokens go through the encoder and are left out of the mean.
         */
        MEAN,
        /** The class token, kept through the encoder (with DeiT's distillation token: the mean of both heads). */
        CLS;

        /**
         * Parses {@code mean|cls} (case ignored).
         *
         * @throws pairviz.PairvizException for anything else
         */
        public static Pooling parse(String s) {
            return switch (s.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "mean" -> MEAN;
                case "cls" -> CLS;
                default -> throw new pairviz.PairvizException("unknown pooling '" + s + "': use mean or cls");
            };
        }

        /** The lower-case name used on the command line, in metadata and in manifests. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The MLP's activation. */
    public enum Activation {
        /** Exact (erf) GELU. */
        GELU,
        /** OpenAI CLIP's {@code x * sigmoid(1.702 x)}. */
        QUICK_GELU
    }

    /** The layer after the features (and the optional pre-logits layer). */
    public enum Head {
        /** A linear layer with bias (the authors', torchvision's {@code heads}, timm's {@code head}). */
        LINEAR,
        /** A linear layer without bias (CLIP's {@code proj} / {@code visual_projection}). */
        LINEAR_NO_BIAS,
        /** None: the embedding is the features (a checkpoint without an embedding head). */
        NONE
    }

    /**
     * The knobs in which the ViT families differ. Prefix tokens come first, in this order: the
     * class token, the distillation token, the register tokens; then the N patch tokens.
     *
     * @param lnEps epsilon of every LayerNorm (1e-6 timm/torchvision/authors, 1e-12 HF ViT, 1e-5 CLIP)
     * @param patchBias whether the patch embedding has a bias (CLIP's has none)
     * @param classToken whether there is a class token
     * @param distilled whether a distillation token follows the class token (DeiT)
     * @param readsDistillation whether the embedding is read from the distillation token too: the
     *     mean of the class token's head and the distillation token's {@code head_dist} (timm's
     *     DeiT, Hugging Face's teacher); false where only the class token is read (Hugging Face's
     *     {@code DeiTModel} pooler)
     * @param registers register tokens after the class (and distillation) token (DINOv2 with registers)
     * @param positionedPrefix how many of the leading prefix tokens carry a position embedding (1 for
     *     the class token only; 2 for DeiT's class and distillation tokens; 0 when only the patches do)
     * @param dropClassToken the authors' mean pooling: the class token is dropped before the encoder
     * @param preNorm a LayerNorm on the tokens before the encoder (CLIP's {@code ln_pre})
     * @param layerScale a learnt per-channel scale on each residual branch (DINOv2's {@code ls1}, {@code ls2})
     * @param activation the MLP's activation
     * @param fcNorm mean pooling normalises the pooled mean (timm's {@code fc_norm}) instead of
     *     each token (no final norm in the encoder)
     * @param preLogits width of a dense layer + tanh on the pooled class token before the head
     *     (torchvision's {@code representation_size}, Hugging Face's pooler); 0 for none
     * @param head the embedding head
     */
    public record Variant(
            float lnEps, boolean patchBias, boolean classToken, boolean distilled, boolean readsDistillation, int registers,
            int positionedPrefix, boolean dropClassToken, boolean preNorm, boolean layerScale, Activation activation,
            boolean fcNorm, int preLogits, Head head) {

        /** The authors' network (and pairviz's own checkpoints). */
        public static final Variant AUTHORS = builder().optDropClassToken(true).build();

        /** The plain foreign ViT (timm {@code vit_*}, torchvision): like the authors', but every token goes through the encoder. */
        public static final Variant STANDARD = builder().build();

        /**
         * A builder whose defaults are {@link #STANDARD}: LayerNorm epsilon 1e-6, a patch bias, a
         * class token with a position embedding, GELU, a linear head; every field optional.
         */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder starting from this variant's fields. */
        public Builder toBuilder() {
            return new Builder(this);
        }

        public Variant {
            require(lnEps > 0, "LayerNorm epsilon must be positive");
            require(registers >= 0 && preLogits >= 0, "register count and pre-logits width cannot be negative");
            require(!distilled || classToken, "a distillation token needs a class token");
            require(distilled || !readsDistillation, "only a distillation token can be read");
            int prefix = (classToken ? 1 : 0) + (distilled ? 1 : 0) + registers; // the fields are not set yet
            require(positionedPrefix >= 0 && positionedPrefix <= prefix,
                    "position embeddings cannot cover " + positionedPrefix + " of " + prefix + " prefix tokens");
            require(activation != null && head != null, "activation and head are required");
        }

        /** Tokens before the patches in the encoder (class, distillation, registers). */
        public int prefixTokens() {
            return (classToken ? 1 : 0) + (distilled ? 1 : 0) + registers;
        }

        public Variant withLnEps(float eps) {
            return edit(b -> b.optLnEps(eps));
        }

        public Variant withPatchBias(boolean bias) {
            return edit(b -> b.optPatchBias(bias));
        }

        /**
         * With a class token or not, a distillation token or not (read with the class token), {@code regs}
         * registers, and the first {@code positioned} prefix tokens with a position embedding.
         */
        public Variant withPrefix(boolean cls, boolean dist, int regs, int positioned) {
            return edit(b -> b.optPrefix(cls, dist, regs, positioned));
        }

        public Variant withPreNorm(boolean on) {
            return edit(b -> b.optPreNorm(on));
        }

        public Variant withLayerScale(boolean on) {
            return edit(b -> b.optLayerScale(on));
        }

        public Variant withActivation(Activation a) {
            return edit(b -> b.optActivation(a));
        }

        /** Whether the embedding reads the distillation token too (see {@link #readsDistillation}). */
        public Variant withReadsDistillation(boolean on) {
            return edit(b -> b.optReadsDistillation(on));
        }

        public Variant withFcNorm(boolean on) {
            return edit(b -> b.optFcNorm(on));
        }

        /** With a pre-logits layer of width {@code r} (0 for none) and the given head. */
        public Variant withHead(int r, Head h) {
            return edit(b -> b.optHead(r, h));
        }

        /** This variant with the fields {@code change} sets changed. */
        private Variant edit(java.util.function.Consumer<Builder> change) {
            Builder b = toBuilder();
            change.accept(b);
            return b.build();
        }

        /** Builds a {@link Variant} (every field optX, defaults {@link #STANDARD}'s); {@link #build} validates. */
        public static final class Builder {
            private float lnEps = 1e-6f;
            private boolean patchBias = true;
            private boolean classToken = true;
            private boolean distilled;
            private boolean readsDistillation;
            private int registers;
            private int positionedPrefix = 1;
            private boolean dropClassToken;
            private boolean preNorm;
            private boolean layerScale;
            private Activation activation = Activation.GELU;
            private boolean fcNorm;
            private int preLogits;
            private Head head = Head.LINEAR;

            private Builder() {}

            private Builder(Variant v) {
                lnEps = v.lnEps;
                patchBias = v.patchBias;
                classToken = v.classToken;
                distilled = v.distilled;
                readsDistillation = v.readsDistillation;
                registers = v.registers;
                positionedPrefix = v.positionedPrefix;
                dropClassToken = v.dropClassToken;
                preNorm = v.preNorm;
                layerScale = v.layerScale;
                activation = v.activation;
                fcNorm = v.fcNorm;
                preLogits = v.preLogits;
                head = v.head;
            }

            /** See {@link Variant#lnEps}. */
            public Builder optLnEps(float eps) {
                lnEps = eps;
                return this;
            }

            /** See {@link Variant#patchBias}. */
            public Builder optPatchBias(boolean on) {
                patchBias = on;
                return this;
            }

            /**
             * The prefix tokens: a class token or not, a distillation token or not (read with the
             * class token), {@code regs} registers, the first {@code positioned} of them with a
             * position embedding.
             */
            public Builder optPrefix(boolean cls, boolean dist, int regs, int positioned) {
                classToken = cls;
                distilled = dist;
                readsDistillation = dist;
                registers = regs;
                positionedPrefix = positioned;
                return this;
            }

            /** See {@link Variant#readsDistillation}. */
            public Builder optReadsDistillation(boolean on) {
                readsDistillation = on;
                return this;
            }

            /** See {@link Variant#dropClassToken}. */
            public Builder optDropClassToken(boolean on) {
                dropClassToken = on;
                return this;
            }

            /** See {@link Variant#preNorm}. */
            public Builder optPreNorm(boolean on) {
                preNorm = on;
                return this;
            }

            /** See {@link Variant#layerScale}. */
            public Builder optLayerScale(boolean on) {
                layerScale = on;
                return this;
            }

            /** See {@link Variant#activation}. */
            public Builder optActivation(Activation a) {
                activation = a;
                return this;
            }

            /** See {@link Variant#fcNorm}. */
            public Builder optFcNorm(boolean on) {
                fcNorm = on;
                return this;
            }

            /** A pre-logits layer of width {@code r} (0 for none) and the given head. */
            public Builder optHead(int r, Head h) {
                preLogits = r;
                head = h;
                return this;
            }

            /**
             * The variant.
             *
             * @throws IllegalArgumentException when the fields do not fit together
             */
            public Variant build() {
                return new Variant(lnEps, patchBias, classToken, distilled, readsDistillation, registers, positionedPrefix,
                        dropClassToken, preNorm, layerScale, activation, fcNorm, preLogits, head);
            }
        }
    }

    /** The authors' network of these sizes. */
    public VitConfig(int imageSize, int patchSize, int width, int depth, int heads, int mlpDim, int outDim,
            Pooling pooling) {
        this(imageSize, patchSize, width, depth, heads, mlpDim, outDim, pooling, Variant.AUTHORS);
    }

    public VitConfig {
        require(imageSize > 0 && patchSize > 0 && imageSize % patchSize == 0,
                "image size " + imageSize + " is not a positive multiple of patch size " + patchSize);
        require(width > 0 && heads > 0 && width % heads == 0,
                "width " + width + " cannot be split into " + heads + " heads");
        require(depth > 0 && mlpDim > 0 && outDim > 0, "depth, MLP width and output size must be positive");
        require(pooling != null && variant != null, "pooling and variant are required");
        require(variant.head() != Head.NONE || outDim == featureWidth(width, variant),
                "with no head the embedding is the " + featureWidth(width, variant) + "-d features, not " + outDim);
        require(pooling == Pooling.CLS || variant.preLogits() == 0,
                "a pre-logits layer (dense + tanh) needs class-token pooling");
        require(pooling == Pooling.CLS || !variant.readsDistillation(),
                "a distilled network pools its class and distillation tokens");
        require(pooling == Pooling.MEAN || !variant.fcNorm(), "fc_norm belongs to mean pooling");
        require(pooling == Pooling.MEAN || variant.classToken(), "class-token pooling needs a class token");
    }

    /** The width of what the head reads: the pre-logits layer's, or the tokens'. */
    static int featureWidth(int width, Variant v) {
        return v.preLogits() > 0 ? v.preLogits() : width;
    }

    /** The paper's ViT-B/16 at 256 x 256 with a 512-d head and mean pooling. */
    public static VitConfig b16() {
        return new VitConfig(256, 16, 768, 12, 12, 3072, 512, Pooling.MEAN);
    }

    /** The paper's ViT-B/32 at 256 x 256 with a 512-d head and mean pooling. */
    public static VitConfig b32() {
        return new VitConfig(256, 32, 768, 12, 12, 3072, 512, Pooling.MEAN);
    }

    /** The same architecture with another head count. */
    public VitConfig withHeads(int h) {
        return new VitConfig(imageSize, patchSize, width, depth, h, mlpDim, outDim, pooling, variant);
    }

    /** The same architecture with another pooling. */
    public VitConfig withPooling(Pooling p) {
        return new VitConfig(imageSize, patchSize, width, depth, heads, mlpDim, outDim, p, variant);
    }

    /** The same sizes with another variant. */
    public VitConfig withVariant(Variant v) {
        return new VitConfig(imageSize, patchSize, width, depth, heads, mlpDim, outDim, pooling, v);
    }

    @Override
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** Number of patch tokens N. */
    public int patches() {
        return gridSize() * gridSize();
    }

    /**
     * Tokens before the patches in the encoder's sequence and in the attention maps: none with the
     * authors' mean pooling, else the class, distillation and register tokens.
     */
    @Override
    public int prefixTokens() {
        return variant.dropClassToken() && pooling == Pooling.MEAN ? 0 : variant.prefixTokens();
    }

    /** Leading tokens the embedding is read from: 1 (class token), 2 (DeiT's class and distillation tokens), 0 (mean). */
    public int readoutTokens() {
        return pooling == Pooling.MEAN ? 0 : variant.readsDistillation() ? 2 : 1;
    }

    @Override
    public String kind() {
        return "ViT";
    }

    @Override
    public String describe() {
        String base = String.format(
                "ViT (patch %d, width %d, depth %d, %d heads, MLP %d, %d-d output, %s pooling, %dx%d input",
                patchSize, width, depth, heads, mlpDim, outDim, pooling.name().toLowerCase(java.util.Locale.ROOT),
                imageSize, imageSize);
        return base + extras() + ")";
    }

    /** What sets this network apart from the authors', in words (empty for theirs). */
    private String extras() {
        if (variant.equals(Variant.AUTHORS)) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        if (!variant.classToken()) {
            s.append(", no class token");
        }
        if (variant.distilled()) {
            s.append(variant.readsDistillation() ? ", distillation token" : ", distillation token (not read)");
        }
        if (variant.registers() > 0) {
            s.append(", ").append(variant.registers()).append(variant.registers() == 1 ? " register token" : " register tokens");
        }
        if (variant.layerScale()) {
            s.append(", LayerScale");
        }
        if (variant.preNorm()) {
            s.append(", pre-norm");
        }
        if (variant.activation() == Activation.QUICK_GELU) {
            s.append(", QuickGELU");
        }
        if (variant.fcNorm()) {
            s.append(", fc_norm");
        }
        if (variant.preLogits() > 0) {
            s.append(", ").append(variant.preLogits()).append("-d pre-logits + tanh");
        }
        if (variant.head() == Head.NONE) {
            s.append(", no head");
        } else if (variant.head() == Head.LINEAR_NO_BIAS) {
            s.append(", projection head");
        }
        if (!variant.patchBias()) {
            s.append(", patch embedding without bias");
        }
        if (variant.lnEps() != Variant.AUTHORS.lnEps()) {
            s.append(", LayerNorm eps ").append(variant.lnEps());
        }
        return s.toString();
    }

    @Override
    public EmbeddingNetwork newNetwork() {
        return new VisionTransformer(this);
    }

    @Override
    public boolean classToken() {
        return pooling == Pooling.CLS;
    }

    @Override
    public int attentionLayers() {
        return depth;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}

package pairviz.model.vit;

import pairviz.model.EmbeddingNetwork;
import pairviz.model.ModelConfig;

/**
 * The architecture of a Vision Transformer embedding network (docs/reference.md section 1).
 *
 * @param imageSize side of the square input image
 * @param patchSize side of a square patch; {@code imageSize} must be a multiple of it
 * @param width token width D
 * @param depth number of encoder blocks L
 * @param heads attention heads H; {@code width} must be a multiple of it
 * @param mlpDim hidden width M of each block's MLP
 * @param outDim embedding width E of the head
 * @param pooling how tokens become the embedding
 */
public record VitConfig(
        int imageSize, int patchSize, int width, int depth, int heads, int mlpDim, int outDim, Pooling pooling)
        implements ModelConfig {

    /** How the output tokens become one embedding. */
    public enum Pooling {
        /** The mean of the patch tokens; the class token is dropped before the encoder (the paper's). */
        MEAN,
        /** The class token, kept through the encoder. */
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

    public VitConfig {
        require(imageSize > 0 && patchSize > 0 && imageSize % patchSize == 0,
                "image size " + imageSize + " is not a positive multiple of patch size " + patchSize);
        require(width > 0 && heads > 0 && width % heads == 0,
                "width " + width + " cannot be split into " + heads + " heads");
        require(depth > 0 && mlpDim > 0 && outDim > 0, "depth, MLP width and output size must be positive");
        require(pooling != null, "pooling is required");
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
        return new VitConfig(imageSize, patchSize, width, depth, h, mlpDim, outDim, pooling);
    }

    /** The same architecture with another pooling. */
    public VitConfig withPooling(Pooling p) {
        return new VitConfig(imageSize, patchSize, width, depth, heads, mlpDim, outDim, p);
    }

    @Override
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** Number of patch tokens N. */
    public int patches() {
        return gridSize() * gridSize();
    }

    @Override
    public String kind() {
        return "ViT";
    }

    @Override
    public String describe() {
        return String.format(
                "ViT (patch %d, width %d, depth %d, %d heads, MLP %d, %d-d output, %s pooling, %dx%d input)",
                patchSize, width, depth, heads, mlpDim, outDim, pooling.name().toLowerCase(java.util.Locale.ROOT),
                imageSize, imageSize);
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

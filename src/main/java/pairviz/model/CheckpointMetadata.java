package pairviz.model;

import java.util.LinkedHashMap;
import java.util.Map;
import pairviz.PairvizException;
import pairviz.model.resnet.ResNetConfig;
import pairviz.model.vit.VitConfig;

/**
 * What a state dict cannot say about its network, kept in a {@code .safetensors} file's
 * {@code __metadata__} strings: a ViT's heads and pooling, a ResNet's input size and GroupNorm
 * groups. pairviz writes them into its own checkpoints ({@link #of}) and
 * {@link EmbeddingModel#load} reads them back ({@link #fill}), so no {@code --heads} is needed.
 */
public final class CheckpointMetadata {
    private CheckpointMetadata() {}

    /** Attention heads of a ViT. */
    public static final String HEADS = "heads";
    /** ViT pooling: {@code mean} or {@code cls}. */
    public static final String POOLING = "pooling";
    /** Side of the square input image. */
    public static final String IMAGE_SIZE = "image_size";
    /** GroupNorm groups of a ResNet. */
    public static final String GROUPS = "groups";
    /** {@code vit} or {@code resnet}. */
    public static final String ARCHITECTURE = "architecture";

    /** The metadata strings that describe {@code config}. */
    public static Map<String, String> of(ModelConfig config) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(IMAGE_SIZE, Integer.toString(config.imageSize()));
        if (config instanceof VitConfig v) {
            m.put(ARCHITECTURE, "vit");
            m.put(HEADS, Integer.toString(v.heads()));
            m.put(POOLING, v.pooling().id());
        } else if (config instanceof ResNetConfig r) {
            m.put(ARCHITECTURE, "resnet");
            m.put(GROUPS, Integer.toString(r.groups()));
        }
        return m;
    }

    /**
     * {@code options} with every setting the user left unset (null) taken from {@code metadata}
     * when it is there; what the user set wins.
     *
     * @param source the checkpoint's name for error messages
     * @throws PairvizException if a metadata value is malformed
     */
    public static ModelOptions fill(ModelOptions options, Map<String, String> metadata, String source) {
        Integer heads = options.heads() != null ? options.heads() : integer(metadata, HEADS, source);
        VitConfig.Pooling pooling = options.pooling() != null ? options.pooling() : pooling(metadata, source);
        Integer size = options.imageSize() != null ? options.imageSize() : integer(metadata, IMAGE_SIZE, source);
        Integer groups = options.groups() != null ? options.groups() : integer(metadata, GROUPS, source);
        return new ModelOptions(options.model(), heads, pooling, size, groups, options.features());
    }

    private static Integer integer(Map<String, String> metadata, String key, String source) {
        String v = metadata.get(key);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new PairvizException("checkpoint " + source + ": metadata " + key + " = '" + v + "' is not a positive whole number");
    }

    private static VitConfig.Pooling pooling(Map<String, String> metadata, String source) {
        String v = metadata.get(POOLING);
        if (v == null) {
            return null;
        }
        try {
            return VitConfig.Pooling.parse(v);
        } catch (PairvizException e) {
            throw new PairvizException("checkpoint " + source + ": metadata pooling = '" + v + "' is neither mean nor cls");
        }
    }
}

package pairviz.loading;

import pairviz.model.ModelConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import pairviz.PairvizException;
import pairviz.image.Preprocessing;
import pairviz.model.resnet.ResNetConfig;
import pairviz.model.vit.VitConfig;

/**
 * What a state dict cannot say about its network, kept in a {@code .safetensors} file's
 * {@code __metadata__} strings: a ViT's heads and pooling, a ResNet's input size and GroupNorm
 * groups, and the preprocessing its images need ({@link #of(Preprocessing)}). pairviz writes them into its own checkpoints ({@link #of}) and
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
    /** The input normalisation, {@code R,G,B:R,G,B} (means, then standard deviations), {@code imagenet} or {@code sop}. */
    public static final String NORM = "norm";
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
     * The metadata strings that describe {@code p} (all but the size, which {@link #of(ModelConfig)}
     * records): {@code norm} as {@code R,G,B:R,G,B}, {@code resize}, {@code crop_fraction},
     * {@code interpolation}, {@code pixel_range}, {@code bgr}; the loader reads them back
     * ({@code PreprocessingHints.ofKeys}).
     */
    public static Map<String, String> of(Preprocessing p) {
        Map<String, String> m = new LinkedHashMap<>();
        float[] mean = p.norm().mean();
        float[] std = p.norm().std();
        m.put(NORM, mean[0] + "," + mean[1] + "," + mean[2] + ":" + std[0] + "," + std[1] + "," + std[2]);
        m.put("resize", p.resize().id());
        m.put("crop_fraction", Double.toString(p.cropFraction()));
        m.put("interpolation", p.interpolation());
        m.put("pixel_range", p.range().id());
        m.put("bgr", Boolean.toString(p.bgr()));
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
        return options.toBuilder().optHeads(heads).optPooling(pooling).optImageSize(size).optGroups(groups).build();
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

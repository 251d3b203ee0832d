package pairviz.loading;

import pairviz.model.Architecture;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import pairviz.PairvizException;
import pairviz.model.resnet.ResNetConfig;
import pairviz.model.vit.VitConfig;

/**
 * The named architectures, the one registry of them: the paper's networks, and small ones that
 * {@code pairviz train} builds from scratch. Every command that takes a model name (explain's
 * {@code --model}, train, bench) reads this list, and their help lists its names.
 */
public enum Preset {
    /** 32 x 32 input, patch 8, width 32, depth 2, 2 heads, MLP 64, 32-d output (tests). */
    VIT_TINY("vit-tiny", () -> new VitConfig(32, 8, 32, 2, 2, 64, 32, VitConfig.Pooling.MEAN)),
    /** 32 x 32 input, units [1, 1], width 8, 32-d output, 4 groups (tests). */
    RESNET_TINY("resnet-tiny", () -> new ResNetConfig(32, List.of(1, 1), 8, 32, 4)),
    /** 64 x 64 input, patch 8, width 192, depth 6, 3 heads, MLP 768, 128-d output. */
    VIT_SMALL("vit-small", () -> new VitConfig(64, 8, 192, 6, 3, 768, 128, VitConfig.Pooling.MEAN)),
    /** 64 x 64 input, units [1, 1, 1], width 32, 128-d output, 8 groups. */
    RESNET_SMALL("resnet-small", () -> new ResNetConfig(64, List.of(1, 1, 1), 32, 128, 8)),
    /** The paper's ViT-B/16 (256 x 256 input). */
    VIT_B16("vit-b16", VitConfig::b16),
    /** The paper's ViT-B/32. */
    VIT_B32("vit-b32", VitConfig::b32),
    /** BiT ResNet-v2 50. */
    RESNET_50("resnet-50", ResNetConfig::r50),
    /** BiT ResNet-v2 101, the paper's CNN. */
    RESNET_101("resnet-101", ResNetConfig::r101),
    /** BiT ResNet-v2 152. */
    RESNET_152("resnet-152", ResNetConfig::r152);

    /** The name on the command line and in manifests. */
    public final String key;
    private final Supplier<Architecture> config;

    Preset(String key, Supplier<Architecture> config) {
        this.key = key;
        this.config = config;
    }

    /** The architecture. */
    public Architecture config() {
        return config.get();
    }

    /** The architecture with the options' head count, pooling, image size and groups applied. */
    public Architecture config(ModelOptions opts) {
        return applyOptions(config(), opts);
    }

    private static Architecture applyOptions(Architecture c, ModelOptions opts) {
        if (c instanceof VitConfig v) {
            v = opts.heads() != null ? v.withHeads(opts.heads()) : v;
            return opts.pooling() != null ? v.withPooling(opts.pooling()) : v;
        }
        ResNetConfig r = (ResNetConfig) c;
        if (opts.imageSize() != null || opts.groups() != null) {
            return new ResNetConfig(opts.imageSize() != null ? opts.imageSize() : r.imageSize(), r.units(), r.width(),
                    r.outDim(), opts.groups() != null ? opts.groups() : r.groups());
        }
        return r;
    }

    /**
     * The preset of that name (case and surrounding blanks ignored).
     *
     * @throws PairvizException for an unknown name
     */
    public static Preset of(String name) {
        String k = name.strip().toLowerCase(Locale.ROOT);
        for (Preset p : values()) {
            if (p.key.equals(k)) {
                return p;
            }
        }
        throw new PairvizException("unknown model '" + name + "': the presets are " + String.join(", ", names()));
    }

    /** Every preset's name, in the order above. */
    public static List<String> names() {
        return Arrays.stream(values()).map(p -> p.key).toList();
    }

    /** The names, for picocli's {@code completionCandidates} (so that {@code --help} lists them). */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return names().iterator();
        }
    }
}

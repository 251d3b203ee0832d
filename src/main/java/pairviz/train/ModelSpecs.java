package pairviz.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.model.ModelConfig;
import pairviz.model.resnet.ResNetConfig;
import pairviz.model.vit.VitConfig;

/**
 * The architectures {@code pairviz train} builds: overrides of single settings of a
 * {@link pairviz.loading.Preset}, and the configuration as JSON values for manifests.
 */
public final class ModelSpecs {
    private ModelSpecs() {}

    /**
     * Single settings that replace a preset's; null fields keep the preset's value. Fields that
     * do not apply to the family (e.g. {@code patch} for a ResNet) are an error.
     */
    public record Overrides(Integer imageSize, Integer patch, Integer width, Integer depth, Integer heads,
            Integer mlp, Integer outDim, VitConfig.Pooling pooling, List<Integer> units, Integer groups) {

        /** No overrides. */
        public static Overrides none() {
            return new Overrides(null, null, null, null, null, null, null, null, null, null);
        }

        /** {@code base} with these settings applied. */
        public ModelConfig apply(ModelConfig base) {
            try {
                if (base instanceof VitConfig v) {
                    refuse(units, "units", "a ViT");
                    refuse(groups, "groups", "a ViT");
                    return new VitConfig(or(imageSize, v.imageSize()), or(patch, v.patchSize()), or(width, v.width()),
                            or(depth, v.depth()), or(heads, v.heads()), or(mlp, v.mlpDim()), or(outDim, v.outDim()),
                            pooling != null ? pooling : v.pooling());
                }
                ResNetConfig r = (ResNetConfig) base;
                refuse(patch, "patch", "a ResNet");
                refuse(depth, "depth", "a ResNet (use {units})");
                refuse(heads, "heads", "a ResNet");
                refuse(mlp, "mlp", "a ResNet");
                refuse(pooling, "pooling", "a ResNet");
                return new ResNetConfig(or(imageSize, r.imageSize()), units != null ? units : r.units(),
                        or(width, r.width()), or(outDim, r.outDim()), or(groups, r.groups()));
            } catch (IllegalArgumentException e) {
                throw new PairvizException("bad architecture: " + e.getMessage());
            }
        }

        private static int or(Integer v, int fallback) {
            return v != null ? v : fallback;
        }

        private static void refuse(Object v, String parameter, String family) {
            if (v != null) {
                throw BadParameterException.of(parameter, "does not apply to " + family);
            }
        }
    }

    /** The configuration as JSON values (a {@code family} key, then every setting). */
    public static Map<String, Object> toJson(ModelConfig config) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (config instanceof VitConfig v) {
            m.put("family", "vit");
            m.put("image_size", v.imageSize());
            m.put("patch", v.patchSize());
            m.put("width", v.width());
            m.put("depth", v.depth());
            m.put("heads", v.heads());
            m.put("mlp", v.mlpDim());
            m.put("out_dim", v.outDim());
            m.put("pooling", v.pooling().id());
        } else if (config instanceof ResNetConfig r) {
            m.put("family", "resnet");
            m.put("image_size", r.imageSize());
            m.put("units", r.units());
            m.put("width", r.width());
            m.put("out_dim", r.outDim());
            m.put("groups", r.groups());
        } else {
            throw new IllegalArgumentException("unknown architecture " + config.describe());
        }
        return m;
    }

    /**
     * The configuration {@link #toJson} wrote.
     *
     * @param source where the values come from, for error messages
     * @throws PairvizException if a value is missing or malformed
     */
    public static ModelConfig fromJson(Map<String, ?> m, String source) {
        try {
            String family = String.valueOf(m.get("family"));
            if (family.equals("vit")) {
                return new VitConfig(num(m, "image_size"), num(m, "patch"), num(m, "width"), num(m, "depth"),
                        num(m, "heads"), num(m, "mlp"), num(m, "out_dim"),
                        VitConfig.Pooling.parse(String.valueOf(m.get("pooling"))));
            }
            if (family.equals("resnet")) {
                List<Integer> units = new ArrayList<>();
                for (Object u : (List<?>) m.get("units")) {
                    units.add(((Number) u).intValue());
                }
                return new ResNetConfig(num(m, "image_size"), units, num(m, "width"), num(m, "out_dim"), num(m, "groups"));
            }
            throw new PairvizException(source + ": unknown model family '" + family + "'");
        } catch (RuntimeException e) {
            if (e instanceof PairvizException p) {
                throw p;
            }
            throw new PairvizException(source + ": malformed model configuration (" + e.getMessage() + ")", e);
        }
    }

    private static int num(Map<String, ?> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("'" + key + "' is not a number");
        }
        return n.intValue();
    }
}

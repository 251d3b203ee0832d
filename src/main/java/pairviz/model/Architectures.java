package pairviz.model;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.model.resnet.ResNetConfig;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/** The architecture of a checkpoint read off its tensor names and shapes, or a {@link Preset}'s with options applied. */
public final class Architectures {
    private Architectures() {}

    private static final Pattern VIT_LAYER = Pattern.compile("^transformer\\.encoder\\.layer\\.(\\d+)\\.");
    private static final Pattern RESNET_UNIT = Pattern.compile("^body\\.block(\\d+)\\.unit(\\d+)\\.");

    /**
     * The {@link Preset} of that name, with the options' head count, pooling, image size and groups
     * applied.
     */
    public static ModelConfig preset(String name, ModelOptions opts) {
        return applyOptions(Preset.of(name).config(), opts);
    }

    /**
     * The architecture of {@code weights} (in canonical names, see {@link CheckpointAdapters}): the
     * preset named in {@code opts} after checking the family matches, or, for {@code auto},
     * everything inferred from the tensors.
     *
     * @param source the checkpoint's name for error messages
     */
    public static ModelConfig of(StateDict weights, ModelOptions opts, String source) {
        boolean vit = weights.contains("transformer.embeddings.patch_embeddings.weight");
        boolean resnet = weights.contains("root.conv.weight");
        if (!vit && !resnet) {
            throw new PairvizException("checkpoint " + source + " holds neither a ViT nor a BiT ResNet-v2 (found "
                    + weights.size() + " tensors, e.g. " + String.join(", ", weights.names().stream().limit(3).toList())
                    + ")");
        }
        if (!"auto".equalsIgnoreCase(opts.model())) {
            ModelConfig preset = preset(opts.model(), opts);
            boolean wantVit = preset instanceof VitConfig;
            if (wantVit != vit) {
                throw new BadParameterException("checkpoint " + source + " holds a " + (vit ? "ViT" : "BiT ResNet-v2")
                        + ", not the " + (wantVit ? "ViT" : "ResNet") + " that {model} " + opts.model() + " asks for");
            }
            return preset;
        }
        return vit ? inferVit(weights, opts, source) : inferResNet(weights, opts, source);
    }

    private static VitConfig inferVit(StateDict w, ModelOptions opts, String source) {
        Tensor patch = w.get("transformer.embeddings.patch_embeddings.weight"); // [D, 3, P, P]
        Tensor pos = require(w, "transformer.embeddings.position_embeddings", source); // [1, N+1, D]
        Tensor fc1 = require(w, "transformer.encoder.layer.0.ffn.fc1.weight", source); // [M, D]
        Tensor head = require(w, "head.weight", source); // [E, D]
        int width = patch.dim(0);
        int patchSize = patch.dim(2);
        int tokens = pos.dim(1) - 1;
        int grid = (int) Math.round(Math.sqrt(tokens));
        if (grid * grid != tokens) {
            throw new PairvizException("checkpoint " + source + ": " + tokens + " position embeddings do not form a square grid");
        }
        int depth = count(w, VIT_LAYER);
        int heads = opts.heads() != null ? opts.heads() : Math.max(1, width / 64);
        VitConfig.Pooling pooling = opts.pooling() != null ? opts.pooling() : VitConfig.Pooling.MEAN;
        try {
            return new VitConfig(grid * patchSize, patchSize, width, depth, heads, fc1.dim(0), head.dim(0), pooling);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("checkpoint " + source + ": " + e.getMessage() + " (set {heads})");
        }
    }

    private static ResNetConfig inferResNet(StateDict w, ModelOptions opts, String source) {
        Tensor root = w.get("root.conv.weight"); // [width, 3, 7, 7]
        Tensor head = require(w, "head.conv.weight", source); // [E, C, 1, 1]
        List<Integer> units = new ArrayList<>();
        TreeSet<Integer> stages = new TreeSet<>();
        for (String name : w.names()) {
            Matcher m = RESNET_UNIT.matcher(name);
            if (m.find()) {
                stages.add(Integer.parseInt(m.group(1)));
            }
        }
        for (int s = 1; s <= stages.size(); s++) {
            if (!stages.contains(s)) {
                throw new PairvizException("checkpoint " + source + " has no body.block" + s + " although it has later stages");
            }
            units.add(count(w, Pattern.compile("^body\\.block" + s + "\\.unit(\\d+)\\.")));
        }
        int size = opts.imageSize() != null ? opts.imageSize() : 256;
        int groups = opts.groups() != null ? opts.groups() : 32;
        try {
            return new ResNetConfig(size, units, root.dim(0), head.dim(0), groups);
        } catch (IllegalArgumentException e) {
            throw new PairvizException("checkpoint " + source + ": " + e.getMessage());
        }
    }

    private static ModelConfig applyOptions(ModelConfig c, ModelOptions opts) {
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

    /** Number of distinct indices captured by group 1 of {@code p} (layers, units). */
    private static int count(StateDict w, Pattern p) {
        TreeSet<Integer> seen = new TreeSet<>();
        for (String name : w.names()) {
            Matcher m = p.matcher(name);
            if (m.find()) {
                seen.add(Integer.parseInt(m.group(1)));
            }
        }
        return seen.size();
    }

    private static Tensor require(StateDict w, String name, String source) {
        Tensor t = w.get(name);
        if (t == null) {
            throw new PairvizException("checkpoint " + source + " is missing " + name);
        }
        return t;
    }
}

package pairviz.loading.family;

import java.util.List;
import java.util.regex.Pattern;
import pairviz.PairvizException;
import pairviz.loading.ModelOptions;
import pairviz.model.resnet.ResNetConfig;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * BiT ResNet-v2 checkpoints in BiT's and the authors' names ({@code root.conv.weight},
 * {@code body.block1.unit01.gn1.weight}, {@code head.conv.weight}), which are also
 * {@link ResNetConfig}'s network names. timm's {@code resnetv2_*} renames into these.
 */
public final class BitResNetV2 implements CheckpointFamily {
    private static final Pattern UNIT = Pattern.compile("^body\\.block(\\d+)\\.unit\\d+\\.");

    @Override
    public String id() {
        return "bit-resnetv2";
    }

    @Override
    public String title() {
        return "BiT ResNet-v2 (the authors' and BiT's names; pairviz's own checkpoints)";
    }

    /** What its library publishes of the preprocessing (see {@link ModelFamily#preprocessing}). */
    @Override
    public PreprocessingHints preprocessing(CheckpointSource source) {
        return PreprocessingHints.authors("the authors' preprocessing (pairviz's checkpoints keep it)");
    }

    @Override
    public List<String> signature() {
        return List.of("root.conv.weight");
    }

    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        return CheckpointReading.plain(this, readCanonical(weights, source), weights);
    }

    /** The architecture of a BiT ResNet-v2 in canonical names; input size and groups from the options (256, 32). */
    static ResNetConfig readCanonical(StateDict w, CheckpointSource source) {
        String name = source.name();
        Tensor root = w.require("root.conv.weight", name); // [width, 3, 7, 7]
        Tensor head = w.require("head.conv.weight", name); // [E, C, 1, 1]
        List<Integer> units = ResNetStages.blocks(w, name, UNIT, st -> "body.block" + st, ".unit");
        ModelOptions opts = source.options();
        int size = opts.imageSize() != null ? opts.imageSize() : 256;
        int groups = opts.groups() != null ? opts.groups() : 32;
        try {
            return new ResNetConfig(size, units, root.dim(0), head.dim(0), groups);
        } catch (IllegalArgumentException e) {
            throw new PairvizException("checkpoint " + name + ": " + e.getMessage());
        }
    }
}

package pairviz.loading.family;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import pairviz.PairvizException;
import pairviz.model.resnet.ResNetV1Config;
import pairviz.model.resnet.ResNetV1Config.Block;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * torchvision's ResNet v1 ({@code torchvision.models.resnet}: {@code resnet18} to
 * {@code resnet152}, {@code resnext*}, {@code wide_resnet*}) in its own names: {@code conv1},
 * {@code bn1}, {@code layerN.M.convK} / {@code bnK}, {@code layerN.0.downsample.0} / {@code .1},
 * {@code fc}. timm's plain {@code resnet*} / {@code resnext*} use the same names and layout and read
 * the same way. These are also {@link ResNetV1Config}'s network names, so nothing is renamed.
 *
 * <p>Everything is read off the shapes: basic or bottleneck blocks (whether {@code conv3} exists),
 * blocks per stage, stem width, planes, and ResNeXt's groups and width per group from
 * {@code conv2}. The input size is the options' or torchvision's 224. BatchNorm's
 * {@code num_batches_tracked} counters are dropped (training bookkeeping).
 */
public final class TorchvisionResNet implements CheckpointFamily {
    private static final Pattern STAGE = Pattern.compile("^layer(\\d+)\\.");
    private static final String COUNTER = ".num_batches_tracked";

    @Override
    public String id() {
        return "torchvision-resnet";
    }

    @Override
    public String title() {
        return "torchvision ResNet v1 (resnet*, resnext*, wide_resnet*; timm's resnet* too)";
    }

    /** What its library publishes of the preprocessing (see {@link ModelFamily#preprocessing}). */
    @Override
    public PreprocessingHints preprocessing(CheckpointSource source) {
        return PreprocessingHints.imagenetCrop(0.875, "bilinear", "torchvision's ImageNet weights (Resize 256, CenterCrop 224)");
    }

    @Override
    public List<String> signature() {
        return List.of("conv1.weight", "bn1.weight", "bn1.running_mean", "layer1.0.conv1.weight");
    }

    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        String name = source.name();
        refuseVariants(weights, name);
        Map<String, Tensor> kept = new LinkedHashMap<>();
        int counters = 0;
        for (Map.Entry<String, Tensor> e : weights.asMap().entrySet()) {
            if (e.getKey().endsWith(COUNTER)) {
                counters++;
            } else {
                kept.put(e.getKey(), e.getValue());
            }
        }
        List<String> ignored = new ArrayList<>();
        if (counters > 0) {
            ignored.add(counters + " BatchNorm num_batches_tracked counters (training bookkeeping)");
        }
        Integer head = readHead(kept, name, ignored);
        StateDict w = StateDict.of(kept);
        int size = source.options().imageSize() != null ? source.options().imageSize()
                : ResNetV1Config.DEFAULT_IMAGE_SIZE;
        ResNetV1Config config = readBody(w, name, size, head);
        return new CheckpointReading(this, config, w, ignored, List.of());
    }

    /** timm variants with the same names but other layers: said plainly rather than as unexpected tensors. */
    private static void refuseVariants(StateDict w, String name) {
        for (String n : w.names()) {
            if (n.matches("^layer\\d+\\.\\d+\\.se\\..*")) {
                throw new PairvizException("checkpoint " + name + " has squeeze-excitation modules (" + n
                        + ": timm's seresnet*), which pairviz does not build");
            }
            if (n.matches("^layer\\d+\\.\\d+\\.downsample\\.2\\..*")) {
                throw new PairvizException("checkpoint " + name + " has an average-pooled shortcut (" + n
                        + ": timm's resnet*d), which pairviz does not build");
            }
        }
    }

    /**
     * The embedding head's width, or null: none, or a classifier (ignored, noted in {@code ignored}).
     * A head without bias gets a zero bias (the same function).
     */
    private static Integer readHead(Map<String, Tensor> w, String name, List<String> ignored) {
        List<String> deeper = w.keySet().stream()
                .filter(n -> n.startsWith("fc.") && !n.equals("fc.weight") && !n.equals("fc.bias")).toList();
        if (!deeper.isEmpty()) {
            throw new PairvizException("checkpoint " + name + ": fc is not one Linear layer (" + deeper.get(0)
                    + "); pairviz decomposes a ResNet with a linear embedding head only (docs/models.md)");
        }
        Tensor fc = w.get("fc.weight"); // [E, C]
        if (fc == null) {
            if (w.containsKey("fc.bias")) {
                throw new PairvizException("checkpoint " + name + " has fc.bias but no fc.weight");
            }
            return null;
        }
        if (fc.rank() != 2) {
            throw new PairvizException("checkpoint " + name + ": fc.weight is " + fc.shapeString()
                    + ", expected [outputs, features] (a Linear layer)");
        }
        if (ClassifierHeads.isClassifier(fc.dim(0))) {
            w.remove("fc.weight");
            boolean bias = w.remove("fc.bias") != null;
            ignored.add("fc.weight" + (bias ? ", fc.bias" : "") + " (classifier head of " + fc.dim(0)
                    + " classes; the embedding is the " + fc.dim(1) + "-d pooled features)");
            return null;
        }
        w.putIfAbsent("fc.bias", new Tensor(new long[] {fc.dim(0)}, new float[fc.dim(0)]));
        return fc.dim(0);
    }

    /** The body's architecture from the stem's and the first block's shapes, and the block counts. */
    private static ResNetV1Config readBody(StateDict w, String name, int size, Integer head) {
        Tensor stem = w.require("conv1.weight", name); // [W, 3, 7, 7]
        if (!stem.hasShape(stem.dim(0), 3, 7, 7)) {
            throw new PairvizException("checkpoint " + name + ": conv1.weight is " + stem.shapeString()
                    + ", expected [width, 3, 7, 7] (torchvision's 7x7 stem)");
        }
        List<Integer> units = ResNetStages.blocks(w, name, STAGE, s -> "layer" + s, ".");
        boolean bottleneck = w.contains("layer1.0.conv3.weight");
        try {
            if (!bottleneck) {
                int planes = w.require("layer1.0.conv1.weight", name).dim(0); // [planes, W, 3, 3]
                return new ResNetV1Config(size, Block.BASIC, units, stem.dim(0), planes, 1, 64, head);
            }
            Tensor conv2 = w.require("layer1.0.conv2.weight", name); // [mid, mid / groups, 3, 3]
            Tensor conv3 = w.require("layer1.0.conv3.weight", name); // [planes * 4, mid, 1, 1]
            int mid = conv2.dim(0);
            int perGroup = conv2.dim(1);
            int planes = conv3.dim(0) / Block.BOTTLENECK.expansion();
            if (perGroup == 0 || mid % perGroup != 0 || conv3.dim(0) % Block.BOTTLENECK.expansion() != 0
                    || perGroup * 64 % planes != 0) {
                throw new PairvizException("checkpoint " + name + ": layer1.0.conv2.weight " + conv2.shapeString()
                        + " and layer1.0.conv3.weight " + conv3.shapeString() + " make no torchvision bottleneck");
            }
            return new ResNetV1Config(size, Block.BOTTLENECK, units, stem.dim(0), planes, mid / perGroup,
                    perGroup * 64 / planes, head);
        } catch (IllegalArgumentException e) {
            throw new PairvizException("checkpoint " + name + ": " + e.getMessage());
        }
    }
}

package pairviz.model.resnet;

import java.util.List;
import java.util.Locale;
import pairviz.model.EmbeddingNetwork;
import pairviz.model.Architecture;

/**
 * The architecture of a ResNet v1 with BatchNorm in torchvision's layout (its {@code resnet18} to
 * {@code resnet152}, {@code resnext*}, {@code wide_resnet*}): a 7x7/2 stem and 3x3/2 max pooling,
 * then stages of residual blocks whose first block has stride 2 from the second stage on (on the
 * 3x3 convolution: "v1.5"), and an optional embedding head {@code fc}.
 *
 * @param imageSize side of the square input image (224 in torchvision)
 * @param block the kind of residual block
 * @param units blocks per stage, e.g. [3, 4, 6, 3] for ResNet-50
 * @param stemWidth channels of the 7x7 stem convolution (64 in torchvision)
 * @param planes torchvision's {@code planes} of the first stage (64); stage s (from 0) has
 *     {@code planes << s}, and {@code block.expansion()} times as many output channels
 * @param groups groups of the bottleneck's 3x3 convolution (ResNeXt's cardinality; 1 otherwise)
 * @param widthPerGroup torchvision's {@code width_per_group} (64; ResNeXt 32x4d has 4, wide
 *     ResNet-50-2 has 128): a bottleneck's middle width is
 *     {@code floor(planes * widthPerGroup / 64) * groups}
 * @param head output width E of the embedding head {@code fc}, or null for a network without one
 *     (then the embedding is the pooled features)
 */
public record ResNetV1Config(int imageSize, Block block, List<Integer> units, int stemWidth, int planes, int groups,
        int widthPerGroup, Integer head) implements Architecture {

    /** torchvision's input size. */
    public static final int DEFAULT_IMAGE_SIZE = 224;

    /** torchvision's two residual blocks. */
    public enum Block {
        /** Two 3x3 convolutions (ResNet-18 and -34). */
        BASIC(1, 2),
        /** 1x1, 3x3 (strided, grouped), 1x1 with four times the width out (ResNet-50 and deeper). */
        BOTTLENECK(4, 3);

        private final int expansion;
        private final int convolutions;

        Block(int expansion, int convolutions) {
            this.expansion = expansion;
            this.convolutions = convolutions;
        }

        /** Output channels per {@code planes}. */
        public int expansion() {
            return expansion;
        }

        /** Convolutions on the residual branch (for the depth in the network's name). */
        int convolutions() {
            return convolutions;
        }
    }

    public ResNetV1Config {
        units = List.copyOf(units);
        if (units.isEmpty() || units.stream().anyMatch(u -> u <= 0)) {
            throw new IllegalArgumentException("every stage needs at least one block: " + units);
        }
        if (stemWidth <= 0 || planes <= 0 || groups <= 0 || widthPerGroup <= 0 || head != null && head <= 0) {
            throw new IllegalArgumentException("widths, groups and the head must be positive");
        }
        if (block == Block.BASIC && (groups != 1 || widthPerGroup != 64)) {
            throw new IllegalArgumentException("a basic block has groups 1 and width per group 64, not "
                    + groups + " and " + widthPerGroup);
        }
        if (block == Block.BOTTLENECK && planes * widthPerGroup / 64 == 0) { // fields are not set yet: midChannels(0)
            throw new IllegalArgumentException("width per group " + widthPerGroup + " leaves the first stage's "
                    + planes + " planes no channels");
        }
        if (imageSize <= 0 || imageSize % reduction(units.size()) != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " must be a multiple of "
                    + reduction(units.size()) + " for " + units.size() + " stages");
        }
    }

    /** torchvision's layout at {@code size}: stem and first planes 64, 1 group of 64. */
    public static ResNetV1Config torchvision(int size, Block block, List<Integer> units, int groups, int widthPerGroup,
            Integer head) {
        return new ResNetV1Config(size, block, units, 64, 64, groups, widthPerGroup, head);
    }

    /** torchvision's {@code resnet50} at 224 with an embedding head of {@code head} outputs (or none). */
    public static ResNetV1Config resnet50(Integer head) {
        return torchvision(DEFAULT_IMAGE_SIZE, Block.BOTTLENECK, List.of(3, 4, 6, 3), 1, 64, head);
    }

    /** How much the network shrinks the input: 4 (stem) times 2 per stage after the first. */
    private static int reduction(int stages) {
        return 4 << (stages - 1);
    }

    /** torchvision's {@code planes} of stage {@code s} (0-based). */
    public int planes(int s) {
        return planes << s;
    }

    /** Middle channels of a block of stage {@code s}: the planes for a basic block. */
    public int midChannels(int s) {
        return block == Block.BASIC ? planes(s) : planes(s) * widthPerGroup / 64 * groups;
    }

    /** Output channels of stage {@code s}. */
    public int outChannels(int s) {
        return planes(s) * block.expansion();
    }

    /** Channels C of the last stage: the width of the tokens before the head. */
    public int features() {
        return outChannels(units.size() - 1);
    }

    /** Width of the embedding: the head's outputs, or the features without a head. */
    @Override
    public int outDim() {
        return head != null ? head : features();
    }

    @Override
    public int gridSize() {
        return imageSize / reduction(units.size());
    }

    @Override
    public String kind() {
        return "ResNet";
    }

    /** torchvision's name for the body, e.g. "ResNet-50", "ResNeXt-50 32x4d", "Wide ResNet-50-2". */
    public String name() {
        int depth = units.stream().mapToInt(Integer::intValue).sum() * block.convolutions() + 2;
        if (groups > 1) {
            return String.format(Locale.ROOT, "ResNeXt-%d %dx%dd", depth, groups, widthPerGroup);
        }
        if (widthPerGroup != 64) {
            return widthPerGroup % 64 == 0 ? String.format(Locale.ROOT, "Wide ResNet-%d-%d", depth, widthPerGroup / 64)
                    : String.format(Locale.ROOT, "ResNet-%d (width per group %d)", depth, widthPerGroup);
        }
        return "ResNet-" + depth;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s (%s blocks %s, stem %d, planes %d, %s, %dx%d input)", name(),
                block.name().toLowerCase(Locale.ROOT), units, stemWidth, planes,
                head != null ? head + "-d embedding head" : "no head, " + features() + "-d features", imageSize,
                imageSize);
    }

    @Override
    public EmbeddingNetwork newNetwork() {
        return new ResNetV1(this);
    }
}

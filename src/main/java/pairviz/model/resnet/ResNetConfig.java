package pairviz.model.resnet;

import java.util.List;
import pairviz.model.EmbeddingNetwork;
import pairviz.model.Architecture;

/**
 * The architecture of a BiT ResNet-v2 embedding network (docs/reference.md section 2).
 *
 * @param imageSize side of the square input image
 * @param units bottleneck units per stage; stage s (from 1) has {@code width * 2^(s-1)} middle and
 *     four times as many output channels, and its first unit has stride 2 for s > 1
 * @param width channels of the root convolution: 64 times BiT's width factor
 * @param outDim embedding width E of the 1x1 head convolution
 * @param groups GroupNorm groups (32 in BiT)
 */
public record ResNetConfig(int imageSize, List<Integer> units, int width, int outDim, int groups)
        implements Architecture {

    public ResNetConfig {
        units = List.copyOf(units);
        if (units.isEmpty() || units.stream().anyMatch(u -> u <= 0)) {
            throw new IllegalArgumentException("every stage needs at least one unit: " + units);
        }
        if (width <= 0 || outDim <= 0 || groups <= 0 || width % groups != 0) {
            throw new IllegalArgumentException(
                    "width " + width + " must be a positive multiple of the " + groups + " GroupNorm groups");
        }
        if (imageSize <= 0 || imageSize % (4 << (units.size() - 1)) != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " must be a multiple of "
                    + (4 << (units.size() - 1)) + " for " + units.size() + " stages");
        }
    }

    /** BiT-M R50x1 at 256 x 256 with a 512-d head. */
    public static ResNetConfig r50() {
        return new ResNetConfig(256, List.of(3, 4, 6, 3), 64, 512, 32);
    }

    /** BiT-M R101x1 at 256 x 256 with a 512-d head (the paper's ResNet-101). */
    public static ResNetConfig r101() {
        return new ResNetConfig(256, List.of(3, 4, 23, 3), 64, 512, 32);
    }

    /** BiT-M R152x1 at 256 x 256 with a 512-d head. */
    public static ResNetConfig r152() {
        return new ResNetConfig(256, List.of(3, 8, 36, 3), 64, 512, 32);
    }

    /** Middle channels of stage {@code s} (0-based). */
    public int midChannels(int s) {
        return width << s;
    }

    /** Output channels of stage {@code s} (0-based). */
    public int outChannels(int s) {
        return 4 * midChannels(s);
    }

    @Override
    public int gridSize() {
        return imageSize / (4 << (units.size() - 1));
    }

    @Override
    public String kind() {
        return "BiT ResNet-v2";
    }

    @Override
    public String describe() {
        return String.format("BiT ResNet-v2 (units %s, width %d, %d-d output, %dx%d input)",
                units, width, outDim, imageSize, imageSize);
    }

    @Override
    public EmbeddingNetwork newNetwork() {
        return new ResNetV2(this);
    }
}

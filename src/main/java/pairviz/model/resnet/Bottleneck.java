package pairviz.model.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import pairviz.model.layers.BatchNorm2d;
import pairviz.model.layers.Conv2d;

/**
 * torchvision's {@code Bottleneck} ("ResNet v1.5"): 1x1 conv-BN-ReLU to the middle width, 3x3
 * conv-BN-ReLU with the stride (grouped for ResNeXt), 1x1 conv-BN to the output width, then the
 * residual sum and ReLU.
 */
final class Bottleneck extends ResidualBlock {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Conv2d conv3;
    private final BatchNorm2d bn3;

    Bottleneck(int in, int mid, int out, int stride, int groups) {
        super(in, out, stride);
        conv1 = module("conv1", Conv2d.plain(in, mid, 1, 1, 0, false));
        bn1 = module("bn1", new BatchNorm2d(mid));
        conv2 = module("conv2", Conv2d.grouped(mid, mid, 3, stride, 1, groups));
        bn2 = module("bn2", new BatchNorm2d(mid));
        conv3 = module("conv3", Conv2d.plain(mid, out, 1, 1, 0, false));
        bn3 = module("bn3", new BatchNorm2d(out));
        registerDownsample();
    }

    @Override
    NDArray branch(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = Activation.relu(bn1.apply(ps, conv1.apply(ps, x, training), training));
        y = Activation.relu(bn2.apply(ps, conv2.apply(ps, y, training), training));
        return bn3.apply(ps, conv3.apply(ps, y, training), training);
    }
}

package pairviz.model.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import pairviz.model.layers.BatchNorm2d;
import pairviz.model.layers.Conv2d;

/** torchvision's {@code BasicBlock}: 3x3 (strided) conv-BN-ReLU, 3x3 conv-BN, then the residual sum and ReLU. */
final class BasicBlock extends ResidualBlock {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;

    BasicBlock(int in, int planes, int stride) {
        super(in, planes, stride);
        conv1 = module("conv1", Conv2d.plain(in, planes, 3, stride, 1, false));
        bn1 = module("bn1", new BatchNorm2d(planes));
        conv2 = module("conv2", Conv2d.plain(planes, planes, 3, 1, 1, false));
        bn2 = module("bn2", new BatchNorm2d(planes));
        registerDownsample();
    }

    @Override
    NDArray branch(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = Activation.relu(bn1.apply(ps, conv1.apply(ps, x, training), training));
        return bn2.apply(ps, conv2.apply(ps, y, training), training);
    }
}

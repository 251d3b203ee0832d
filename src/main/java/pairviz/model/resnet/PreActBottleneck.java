package pairviz.model.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import pairviz.model.Module;
import pairviz.model.layers.Conv2d;
import pairviz.model.layers.GroupNorm;

/**
 * A pre-activation bottleneck unit: GN-ReLU before each of the 1x1, 3x3 and 1x1 convolutions,
 * the stride on the 3x3, and a 1x1 projection of the pre-activated input as the shortcut when
 * the shape changes.
 */
final class PreActBottleneck extends Module {
    static final float GN_EPS = 1e-5f;

    private final GroupNorm gn1;
    private final GroupNorm gn2;
    private final GroupNorm gn3;
    private final Conv2d conv1;
    private final Conv2d conv2;
    private final Conv2d conv3;
    private final Conv2d downsample;

    PreActBottleneck(int in, int mid, int out, int stride, int groups) {
        gn1 = module("gn1", new GroupNorm(groups, in, GN_EPS));
        conv1 = module("conv1", Conv2d.standardized(in, mid, 1, 1, 0));
        gn2 = module("gn2", new GroupNorm(groups, mid, GN_EPS));
        conv2 = module("conv2", Conv2d.standardized(mid, mid, 3, stride, 1));
        gn3 = module("gn3", new GroupNorm(groups, mid, GN_EPS));
        conv3 = module("conv3", Conv2d.standardized(mid, out, 1, 1, 0));
        downsample = stride != 1 || in != out ? module("downsample", Conv2d.standardized(in, out, 1, stride, 0)) : null;
    }

    /** [B, in, H, W] -> [B, out, H / stride, W / stride] */
    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray pre = Activation.relu(gn1.apply(ps, x, training));
        NDArray residual = downsample == null ? x : downsample.apply(ps, pre, training);
        NDArray y = conv1.apply(ps, pre, training);
        y = conv2.apply(ps, Activation.relu(gn2.apply(ps, y, training)), training);
        y = conv3.apply(ps, Activation.relu(gn3.apply(ps, y, training)), training);
        return y.add(residual);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, in.singletonOrThrow(), training));
    }
}

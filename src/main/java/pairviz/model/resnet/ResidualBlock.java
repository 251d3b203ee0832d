package pairviz.model.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import pairviz.model.Module;
import pairviz.model.layers.BatchNorm2d;
import pairviz.model.layers.Conv2d;

/**
 * A post-activation residual block of a ResNet v1 (torchvision's {@code BasicBlock} and
 * {@code Bottleneck}): {@code relu(branch(x) + shortcut(x))}, the shortcut a strided 1x1
 * convolution and BatchNorm ({@code downsample.0}, {@code downsample.1}) when the shape changes,
 * else the identity.
 */
abstract class ResidualBlock extends Module {
    private final Downsample downsample;

    ResidualBlock(int in, int out, int stride) {
        downsample = stride != 1 || in != out ? new Downsample(in, out, stride) : null;
    }

    /** Registers the shortcut's module; subclasses call it after their own modules, as torchvision orders them. */
    final void registerDownsample() {
        if (downsample != null) {
            module("downsample", downsample);
        }
    }

    /** The residual branch before the final ReLU: [B, in, H, W] -> [B, out, H / stride, W / stride]. */
    abstract NDArray branch(ParameterStore ps, NDArray x, boolean training);

    /** [B, in, H, W] -> [B, out, H / stride, W / stride] */
    final NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray identity = downsample == null ? x : downsample.apply(ps, x, training);
        return ai.djl.nn.Activation.relu(branch(ps, x, training).add(identity));
    }

    @Override
    protected final NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
        return new NDList(apply(ps, in.singletonOrThrow(), training));
    }

    /** torchvision's {@code downsample}: {@code Sequential(conv1x1(in, out, stride), BatchNorm2d(out))}. */
    static final class Downsample extends Module {
        private final Conv2d conv;
        private final BatchNorm2d bn;

        Downsample(int in, int out, int stride) {
            conv = module("0", Conv2d.plain(in, out, 1, stride, 0, false));
            bn = module("1", new BatchNorm2d(out));
        }

        /** [B, in, H, W] -> [B, out, H / stride, W / stride] */
        NDArray apply(ParameterStore ps, NDArray x, boolean training) {
            return bn.apply(ps, conv.apply(ps, x, training), training);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
            return new NDList(apply(ps, in.singletonOrThrow(), training));
        }
    }
}

package pairviz.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import pairviz.model.Module;
import pairviz.model.Precision;

/**
 * A 2-D convolution with square kernels; with {@code standardize} it is BiT's weight-standardised
 * convolution: each output filter is replaced by (w - mean(w)) / sqrt(var(w) + 1e-10) before use,
 * mean and biased variance over its in-channels x kh x kw.
 */
public final class Conv2d extends Module {
    /** Epsilon of BiT's weight standardisation. */
    public static final float STD_EPS = 1e-10f;

    private final Parameter weight;
    private final Parameter bias;
    private final int stride;
    private final int padding;
    private final int groups;
    private final boolean standardize;
    private final FrozenCopy frozenFilters = new FrozenCopy(Conv2d::standardize); // standardised once while frozen
    private final FrozenCopy bf16 = new FrozenCopy(Bf16Kernels::cast); // of a weight not being trained

    private Conv2d(long in, long out, int kernel, int stride, int padding, int groups, boolean withBias,
            boolean standardize) {
        if (groups <= 0 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(in + " -> " + out + " channels cannot be split into " + groups + " groups");
        }
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        this.standardize = standardize;
        weight = param("weight", Parameter.Type.WEIGHT, out, in / groups, kernel, kernel);
        bias = withBias ? param("bias", Parameter.Type.BIAS, out) : null;
    }

    /** A plain convolution (with bias if asked). */
    public static Conv2d plain(long in, long out, int kernel, int stride, int padding, boolean withBias) {
        return new Conv2d(in, out, kernel, stride, padding, 1, withBias, false);
    }

    /**
     * A plain grouped convolution without bias (ResNeXt's 3x3): the channels are split into
     * {@code groups}, each convolved on its own; the weight is [out, in / groups, k, k] as in PyTorch.
     */
    public static Conv2d grouped(long in, long out, int kernel, int stride, int padding, int groups) {
        return new Conv2d(in, out, kernel, stride, padding, groups, false, false);
    }

    /** A weight-standardised convolution without bias ("StdConv2d"). */
    public static Conv2d standardized(long in, long out, int kernel, int stride, int padding) {
        return new Conv2d(in, out, kernel, stride, padding, 1, false, true);
    }

    /** Standardises filters [O, I, kh, kw] over I x kh x kw; the result and every intermediate live in {@code into}. */
    public static NDArray standardize(NDArray w, NDManager into) {
        NDArray flat = local(w.reshape(w.getShape().get(0), -1), into); // [O, I*kh*kw]
        NDArray centred = flat.sub(flat.mean(new int[] {1}, true));
        NDArray var = centred.square().mean(new int[] {1}, true); // biased
        return centred.div(var.add(STD_EPS).sqrt()).reshape(w.getShape());
    }

    /** [B, I, H, W] -> [B, O, H', W'] */
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = value(ps, weight, x.getDevice(), training);
        if (standardize) {
            w = training || w.hasGradient() ? standardize(w, x.getManager()) : frozenFilters.of(w);
        }
        NDArray b = bias == null ? null : value(ps, bias, x.getDevice(), training);
        if (precision() == Precision.BF16) {
            return Bf16Kernels.conv2d(x, training || w.hasGradient() ? w : bf16.of(w), b, stride, padding, groups);
        }
        return ai.djl.nn.convolutional.Conv2d.conv2d(
                        x, w, b, new Shape(stride, stride), new Shape(padding, padding), new Shape(1, 1), groups)
                .singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, in.singletonOrThrow(), training));
    }
}

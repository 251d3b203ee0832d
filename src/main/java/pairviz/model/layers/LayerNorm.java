package pairviz.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import pairviz.model.Module;

/** Layer normalisation over the last axis, with PyTorch's parameter names (weight, bias). */
public final class LayerNorm extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final long width;
    private final float eps;

    public LayerNorm(long width, float eps) {
        this.width = width;
        this.eps = eps;
        weight = param("weight", Parameter.Type.GAMMA, width);
        bias = param("bias", Parameter.Type.BETA, width);
    }

    /** [..., width] -> [..., width] */
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray g = value(ps, weight, x.getDevice(), training);
        NDArray b = value(ps, bias, x.getDevice(), training);
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(width), g, b, eps).singletonOrThrow();
    }

    /**
     * Normalises {@code x} [..., N, width] with the mean and variance of {@code reference} [..., width]
     * (over its last axis), then applies this norm's scale and shift. The mean over N of the result
     * is this norm applied to the mean over N of {@code x} when {@code reference} is that mean: the
     * map is affine in each token once the statistics are fixed.
     */
    public NDArray applyWithStatisticsOf(ParameterStore ps, NDArray x, NDArray reference, boolean training) {
        NDArray mu = reference.mean(new int[] {-1}, true).expandDims(-2); // [..., 1, 1]
        NDArray var = reference.expandDims(-2).sub(mu).square().mean(new int[] {-1}, true); // [..., 1, 1]
        NDArray g = value(ps, weight, x.getDevice(), training);
        NDArray b = value(ps, bias, x.getDevice(), training);
        return x.sub(mu).div(var.add(eps).sqrt()).mul(g).add(b); // [..., N, width]
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, in.singletonOrThrow(), training));
    }
}

package pairviz.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import pairviz.model.Module;

/**
 * Group normalisation (Wu and He, 2018), which DJL lacks: the channels are split into groups,
 * each group of each sample is normalised by its own mean and biased variance, then every
 * channel gets its own scale and shift.
 */
public final class GroupNorm extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final int groups;
    private final long channels;
    private final float eps;

    public GroupNorm(int groups, long channels, float eps) {
        if (groups <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException(channels + " channels cannot be split into " + groups + " groups");
        }
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        weight = param("weight", Parameter.Type.GAMMA, channels);
        bias = param("bias", Parameter.Type.BETA, channels);
    }

    /** [B, C, H, W] -> [B, C, H, W] */
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        NDArray g = local(value(ps, weight, x.getDevice(), training).reshape(1, channels, 1, 1), x);
        NDArray b = local(value(ps, bias, x.getDevice(), training).reshape(1, channels, 1, 1), x);
        NDArray grouped = x.reshape(batch, groups, -1); // [B, G, C/G*H*W]
        NDArray mean = grouped.mean(new int[] {2}, true); // [B, G, 1]
        NDArray centred = grouped.sub(mean);
        NDArray var = centred.square().mean(new int[] {2}, true); // biased variance
        NDArray normed = centred.div(var.add(eps).sqrt()).reshape(shape);
        return normed.mul(g).add(b);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, in.singletonOrThrow(), training));
    }
}

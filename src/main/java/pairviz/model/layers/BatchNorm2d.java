package pairviz.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import pairviz.model.Module;

/**
 * Batch normalisation over the channels of [B, C, H, W] in inference mode, as
 * {@code torch.nn.BatchNorm2d} in {@code eval()}: each channel is normalised by its stored
 * running mean and variance, {@code (x - running_mean) / sqrt(running_var + eps) * weight + bias}.
 *
 * <p>Always the running statistics, never the batch's: pairviz only runs trained BatchNorm
 * networks (it trains none), so the statistics are never updated. The parameters carry PyTorch's
 * names ({@code weight}, {@code bias}, {@code running_mean}, {@code running_var}); PyTorch's
 * {@code num_batches_tracked} counter only matters for training and is not a parameter here.
 */
public final class BatchNorm2d extends Module {
    /** PyTorch's default epsilon. */
    public static final float EPS = 1e-5f;

    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final float eps;

    /** A BatchNorm over {@code channels} channels with PyTorch's epsilon 1e-5. */
    public BatchNorm2d(long channels) {
        this(channels, EPS);
    }

    public BatchNorm2d(long channels, float eps) {
        this.eps = eps;
        weight = param("weight", Parameter.Type.GAMMA, channels);
        bias = param("bias", Parameter.Type.BETA, channels);
        runningMean = param("running_mean", Parameter.Type.RUNNING_MEAN, channels);
        runningVar = param("running_var", Parameter.Type.RUNNING_VAR, channels);
    }

    /** [B, C, H, W] -> [B, C, H, W], with the running statistics whatever {@code training} says. */
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray mean = value(ps, runningMean, x.getDevice(), training);
        NDArray var = value(ps, runningVar, x.getDevice(), training);
        NDArray g = value(ps, weight, x.getDevice(), training);
        NDArray b = value(ps, bias, x.getDevice(), training);
        // torch.batch_norm with training = false; axis 1 is the channel axis of NCHW
        return BatchNorm.batchNorm(x, mean, var, g, b, 1, 0.1f, eps, false).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, in.singletonOrThrow(), training));
    }
}

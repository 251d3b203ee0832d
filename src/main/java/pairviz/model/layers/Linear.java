package pairviz.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import pairviz.model.Module;
import pairviz.model.Precision;

/** y = x W^T + b over the last axis; W is stored [out, in] as in PyTorch. */
public final class Linear extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final FrozenCopy bf16 = new FrozenCopy(Bf16Kernels::cast); // of a weight not being trained

    public Linear(long in, long out, boolean withBias) {
        weight = param("weight", Parameter.Type.WEIGHT, out, in);
        bias = withBias ? param("bias", Parameter.Type.BIAS, out) : null;
    }

    /** [..., in] -> [..., out] */
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = value(ps, weight, x.getDevice(), training);
        NDArray b = bias == null ? null : value(ps, bias, x.getDevice(), training);
        if (precision() == Precision.BF16) {
            return Bf16Kernels.linear(x, training || w.hasGradient() ? w : bf16.of(w), b);
        }
        return ai.djl.nn.core.Linear.linear(x, w, b).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, in.singletonOrThrow(), training));
    }
}

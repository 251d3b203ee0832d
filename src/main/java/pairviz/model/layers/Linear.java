package pairviz.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import pairviz.model.Module;

/** y = x W^T + b over the last axis; W is stored [out, in] as in PyTorch. */
public final class Linear extends Module {
    private final Parameter weight;
    private final Parameter bias;

    public Linear(long in, long out, boolean withBias) {
        weight = param("weight", Parameter.Type.WEIGHT, out, in);
        bias = withBias ? param("bias", Parameter.Type.BIAS, out) : null;
    }

    /** [..., in] -> [..., out] */
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = value(ps, weight, x.getDevice(), training);
        NDArray b = bias == null ? null : value(ps, bias, x.getDevice(), training);
        return ai.djl.nn.core.Linear.linear(x, w, b).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, in.singletonOrThrow(), training));
    }
}

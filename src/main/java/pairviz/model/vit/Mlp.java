package pairviz.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import pairviz.model.Module;
import pairviz.model.layers.Linear;

/** The feed-forward part of a block: D -> M, exact (erf) GELU, M -> D. */
final class Mlp extends Module {
    private final Linear fc1;
    private final Linear fc2;

    Mlp(int width, int hidden) {
        fc1 = module("fc1", new Linear(width, hidden, true));
        fc2 = module("fc2", new Linear(hidden, width, true));
    }

    /** [B, T, D] -> [B, T, D] */
    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return fc2.apply(ps, Activation.gelu(fc1.apply(ps, x, training)), training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, in.singletonOrThrow(), training));
    }
}

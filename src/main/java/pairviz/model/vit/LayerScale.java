package pairviz.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import pairviz.model.Module;

/** LayerScale (CaiT, DINOv2): a learnt per-channel factor {@code gamma} [D] on a residual branch. */
final class LayerScale extends Module {
    private final Parameter gamma;

    LayerScale(int width) {
        gamma = param("gamma", Parameter.Type.GAMMA, width);
    }

    /** [B, T, D] -> [B, T, D] */
    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return x.mul(value(ps, gamma, x.getDevice(), training));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, in.singletonOrThrow(), training));
    }
}

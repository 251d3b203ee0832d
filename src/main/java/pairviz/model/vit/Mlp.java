package pairviz.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import pairviz.model.Module;
import pairviz.model.OpProfile;
import pairviz.model.OpProfile.Op;
import pairviz.model.Scalars;
import pairviz.model.layers.Linear;

/** The feed-forward part of a block: D -> M, exact (erf) GELU or CLIP's QuickGELU, M -> D. */
final class Mlp extends Module {
    private final Linear fc1;
    private final Linear fc2;
    private final VitConfig.Activation activation;
    private final double flopsPerToken; // of each of fc1 and fc2

    Mlp(int width, int hidden, VitConfig.Activation activation) {
        flopsPerToken = 2.0 * width * hidden;
        fc1 = module("fc1", new Linear(width, hidden, true));
        fc2 = module("fc2", new Linear(hidden, width, true));
        this.activation = activation;
    }

    /** [B, T, D] -> [B, T, D] */
    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        long s = OpProfile.begin();
        NDArray h = fc1.apply(ps, x, training); // [B, T, M]
        double flops = flopsPerToken * (x.size() / x.getShape().getLastDimension());
        OpProfile.end(Op.MLP, s, flops);
        s = OpProfile.begin();
        h = switch (activation) {
            case GELU -> Activation.gelu(h);
            case QUICK_GELU -> h.mul(Activation.sigmoid(Scalars.mul(h, 1.702))); // x * sigmoid(1.702 x)
        };
        OpProfile.end(Op.GELU, s);
        s = OpProfile.begin();
        NDArray y = fc2.apply(ps, h, training);
        OpProfile.end(Op.MLP, s, flops);
        return y;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, in.singletonOrThrow(), training));
    }
}

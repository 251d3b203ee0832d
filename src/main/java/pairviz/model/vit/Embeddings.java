package pairviz.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import pairviz.model.Module;
import pairviz.model.layers.Conv2d;

/**
 * Patch embedding, class token and position embeddings. With mean pooling the class token is
 * dropped again after the position embeddings are added, so the encoder sees the N patch tokens.
 */
final class Embeddings extends Module {
    private final Conv2d patches;
    private final Parameter positions;
    private final Parameter classToken;
    private final boolean keepClassToken;

    Embeddings(VitConfig c) {
        patches = module("patch_embeddings", Conv2d.plain(3, c.width(), c.patchSize(), c.patchSize(), 0, true));
        positions = param("position_embeddings", Parameter.Type.OTHER, 1, c.patches() + 1, c.width());
        classToken = param("cls_token", Parameter.Type.OTHER, 1, 1, c.width());
        keepClassToken = c.pooling() == VitConfig.Pooling.CLS;
    }

    /** [B, 3, S, S] -> [B, T, D] with T = N, or N + 1 when the class token is kept. */
    NDArray apply(ParameterStore ps, NDArray images, boolean training) {
        NDArray x = patches.apply(ps, images, training); // [B, D, K, K]
        long batch = x.getShape().get(0);
        long width = x.getShape().get(1);
        x = x.reshape(batch, width, -1).transpose(0, 2, 1); // [B, N, D], row-major over the grid
        NDArray cls = local(value(ps, classToken, images.getDevice(), training).broadcast(batch, 1, width), x);
        NDArray pos = value(ps, positions, images.getDevice(), training);
        x = NDArrays.concat(new NDList(cls, x), 1).add(pos); // [B, N+1, D]
        return keepClassToken ? x : x.get(":, 1:, :");
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, in.singletonOrThrow(), training));
    }
}

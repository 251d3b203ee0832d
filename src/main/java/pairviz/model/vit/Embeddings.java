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
 * Patch embedding, prefix tokens (class, distillation, registers, in that order) and position
 * embeddings. The position embeddings cover the first {@link VitConfig.Variant#positionedPrefix}
 * prefix tokens and the patches; the other prefix tokens (DINOv2's registers, timm's
 * {@code no_embed_class}) are inserted after the positioned ones without one. With the authors'
 * mean pooling the class token is dropped again after the position embeddings are added, so the
 * encoder sees the N patch tokens.
 */
final class Embeddings extends Module {
    private final Conv2d patches;
    private final Parameter positions;
    private final Parameter classToken;
    private final Parameter distToken;
    private final Parameter registers;
    private final int positioned;
    private final boolean dropClassToken;

    Embeddings(VitConfig c) {
        VitConfig.Variant v = c.variant();
        patches = module("patch_embeddings", Conv2d.plain(3, c.width(), c.patchSize(), c.patchSize(), 0, v.patchBias()));
        positions = param("position_embeddings", Parameter.Type.OTHER, 1, v.positionedPrefix() + c.patches(), c.width());
        classToken = v.classToken() ? param("cls_token", Parameter.Type.OTHER, 1, 1, c.width()) : null;
        distToken = v.distilled() ? param("dist_token", Parameter.Type.OTHER, 1, 1, c.width()) : null;
        registers = v.registers() > 0 ? param("register_tokens", Parameter.Type.OTHER, 1, v.registers(), c.width()) : null;
        positioned = v.positionedPrefix();
        dropClassToken = v.classToken() && c.prefixTokens() == 0;
    }

    /** [B, 3, S, S] -> [B, T, D] with T = P + N, P = {@link VitConfig#prefixTokens()}. */
    NDArray apply(ParameterStore ps, NDArray images, boolean training) {
        NDArray x = patches.apply(ps, images, training); // [B, D, K, K]
        long batch = x.getShape().get(0);
        long width = x.getShape().get(1);
        x = x.reshape(batch, width, -1).transpose(0, 2, 1); // [B, N, D], row-major over the grid
        NDList prefix = new NDList();
        for (Parameter p : new Parameter[] {classToken, distToken, registers}) {
            if (p != null) {
                NDArray t = value(ps, p, images.getDevice(), training); // [1, n, D]
                prefix.add(local(t.broadcast(batch, t.getShape().get(1), width), x));
            }
        }
        NDArray pos = value(ps, positions, images.getDevice(), training); // [1, positioned + N, D]
        NDList withPositions = new NDList();
        withPositions.addAll(prefix.subNDList(0, positioned));
        withPositions.add(x);
        x = NDArrays.concat(withPositions, 1).add(pos); // [B, positioned + N, D]
        if (positioned < prefix.size()) {
            NDList all = new NDList();
            if (positioned > 0) {
                all.add(x.get(":, :" + positioned + ", :"));
            }
            all.addAll(prefix.subNDList(positioned));
            all.add(positioned > 0 ? x.get(":, " + positioned + ":, :") : x);
            x = NDArrays.concat(all, 1); // [B, P + N, D]
        }
        return dropClassToken ? x.get(":, 1:, :") : x;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, in.singletonOrThrow(), training));
    }
}

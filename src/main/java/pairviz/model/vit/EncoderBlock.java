package pairviz.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.UnaryOperator;
import pairviz.model.Module;
import pairviz.model.OpProfile;
import pairviz.model.OpProfile.Op;
import pairviz.model.layers.LayerNorm;

/**
 * A pre-norm transformer block: x + Attn(LN(x)), then x + MLP(LN(x)); with LayerScale each branch
 * is scaled per channel before it is added (x + ls1 * Attn(LN(x)), ...).
 */
final class EncoderBlock extends Module {
    private final LayerNorm attentionNorm;
    private final Attention attention;
    private final LayerNorm ffnNorm;
    private final Mlp ffn;
    private final LayerScale ls1;
    private final LayerScale ls2;

    /** A block whose branches are scaled by LayerScale of this width; 0 for none. */
    EncoderBlock(LayerNorm attentionNorm, Attention attention, LayerNorm ffnNorm, Mlp ffn, int layerScaleWidth) {
        this.attentionNorm = module("attention_norm", attentionNorm);
        this.attention = module("attn", attention);
        this.ffnNorm = module("ffn_norm", ffnNorm);
        this.ffn = module("ffn", ffn);
        this.ls1 = layerScaleWidth > 0 ? module("ls1", new LayerScale(layerScaleWidth)) : null;
        this.ls2 = layerScaleWidth > 0 ? module("ls2", new LayerScale(layerScaleWidth)) : null;
    }

    /**
     * [B, T, D] -> [B, T, D], with this block's attention probabilities [B, H, T, T]; the
     * probabilities pass through {@code tap} before they weigh the values.
     */
    Attention.Result apply(ParameterStore ps, NDArray x, boolean training, UnaryOperator<NDArray> tap) {
        long s = OpProfile.begin();
        NDArray normed = attentionNorm.apply(ps, x, training);
        OpProfile.end(Op.LAYER_NORM, s);
        Attention.Result attn = attention.apply(ps, normed, training, tap);
        s = OpProfile.begin();
        NDArray h = residual(x, scaled(ls1, ps, attn.output(), training), training);
        OpProfile.end(Op.ELEMENTWISE, s);
        s = OpProfile.begin();
        normed = ffnNorm.apply(ps, h, training);
        OpProfile.end(Op.LAYER_NORM, s);
        NDArray branch = ffn.apply(ps, normed, training);
        s = OpProfile.begin();
        NDArray y = residual(h, scaled(ls2, ps, branch, training), training);
        OpProfile.end(Op.ELEMENTWISE, s);
        return new Attention.Result(y, attn.probabilities());
    }

    /**
     * x + branch, where branch is an array this pass just made: without autograd the sum is taken in
     * place, into branch (one [B, T, D] array fewer a step; the sum is the same, addition commutes).
     */
    private static NDArray residual(NDArray x, NDArray branch, boolean training) {
        return training || branch.hasGradient() ? x.add(branch) : branch.addi(x);
    }

    private static NDArray scaled(LayerScale ls, ParameterStore ps, NDArray branch, boolean training) {
        return ls == null ? branch : ls.apply(ps, branch, training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        Attention.Result r = apply(ps, in.singletonOrThrow(), training, UnaryOperator.identity());
        return new NDList(r.output(), r.probabilities());
    }
}

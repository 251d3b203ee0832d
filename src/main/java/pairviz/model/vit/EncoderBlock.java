package pairviz.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.UnaryOperator;
import pairviz.model.Module;
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
        Attention.Result attn = attention.apply(ps, attentionNorm.apply(ps, x, training), training, tap);
        NDArray h = x.add(scaled(ls1, ps, attn.output(), training));
        NDArray y = h.add(scaled(ls2, ps, ffn.apply(ps, ffnNorm.apply(ps, h, training), training), training));
        return new Attention.Result(y, attn.probabilities());
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

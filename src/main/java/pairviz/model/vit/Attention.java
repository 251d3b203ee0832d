package pairviz.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.UnaryOperator;
import pairviz.model.Module;
import pairviz.model.OpProfile;
import pairviz.model.OpProfile.Op;
import pairviz.model.Scalars;
import pairviz.model.layers.Linear;

/** Multi-head self-attention with separate query, key and value projections. */
final class Attention extends Module {
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear out;
    private final int heads;

    Attention(int width, int heads) {
        this.heads = heads;
        query = module("query", new Linear(width, width, true));
        key = module("key", new Linear(width, width, true));
        value = module("value", new Linear(width, width, true));
        out = module("out", new Linear(width, width, true));
    }

    /** The attention output [B, T, D] and the probabilities [B, H, T, T] (row = query token). */
    record Result(NDArray output, NDArray probabilities) {}

    /** Self-attention of x [B, T, D]; the probabilities pass through {@code tap} before they weigh the values. */
    Result apply(ParameterStore ps, NDArray x, boolean training, UnaryOperator<NDArray> tap) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long d = x.getShape().get(2);
        long hd = d / heads;
        long s = OpProfile.begin();
        NDArray q = query.apply(ps, x, training); // [B, T, D]
        NDArray k = key.apply(ps, x, training);
        NDArray v = value.apply(ps, x, training);
        OpProfile.end(Op.QKV, s, 2.0 * b * t * d * 3 * d);
        s = OpProfile.begin();
        q = split(q, b, t, hd); // [B, H, T, hd]
        k = split(k, b, t, hd).transpose(0, 1, 3, 2); // [B, H, hd, T]
        v = split(v, b, t, hd);
        OpProfile.end(Op.RESHAPE, s);
        s = OpProfile.begin();
        q = Scalars.div(q, Math.sqrt(hd)); // scaled before the product: [T, hd] values per head, not [T, T]
        OpProfile.end(Op.ELEMENTWISE, s);
        s = OpProfile.begin();
        NDArray scores = matMul(q, k); // [B, H, T, T]
        OpProfile.end(Op.ATTENTION, s, 2.0 * b * t * t * d);
        s = OpProfile.begin();
        NDArray probs = scores.softmax(-1);
        OpProfile.end(Op.SOFTMAX, s);
        probs = tap.apply(probs);
        s = OpProfile.begin();
        NDArray context = matMul(probs, v); // [B, H, T, hd]
        OpProfile.end(Op.ATTENTION, s, 2.0 * b * t * t * d);
        s = OpProfile.begin();
        context = context.transpose(0, 2, 1, 3).reshape(b, t, d); // [B, T, D]
        OpProfile.end(Op.RESHAPE, s);
        s = OpProfile.begin();
        NDArray y = out.apply(ps, context, training);
        OpProfile.end(Op.PROJECTION, s, 2.0 * b * t * d * d);
        return new Result(y, probs);
    }

    /** [B, T, D] -> [B, H, T, hd] */
    private NDArray split(NDArray x, long b, long t, long hd) {
        return x.reshape(b, t, heads, hd).transpose(0, 2, 1, 3);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        Result r = apply(ps, in.singletonOrThrow(), training, UnaryOperator.identity());
        return new NDList(r.output(), r.probabilities());
    }
}

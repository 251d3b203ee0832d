package pairviz.model.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.UnaryOperator;
import pairviz.model.Module;
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
        NDArray q = split(query.apply(ps, x, training), b, t, hd); // [B, H, T, hd]
        NDArray k = split(key.apply(ps, x, training), b, t, hd);
        NDArray v = split(value.apply(ps, x, training), b, t, hd);
        NDArray scores = Scalars.div(matMul(q, k.transpose(0, 1, 3, 2)), Math.sqrt(hd)); // [B, H, T, T]
        NDArray probs = tap.apply(scores.softmax(-1));
        NDArray context = matMul(probs, v).transpose(0, 2, 1, 3).reshape(b, t, d); // [B, T, D]
        return new Result(out.apply(ps, context, training), probs);
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

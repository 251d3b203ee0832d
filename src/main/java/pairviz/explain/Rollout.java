package pairviz.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import pairviz.BadParameterException;

/**
 * Attention rollout (docs/reference.md section 4), batched on the engine: fuse each layer's heads, add the
 * identity for the residual path, normalise rows, and multiply the layers from the start layer up.
 */
public final class Rollout {
    private Rollout() {}

    /**
     * The rollout matrices R = Ahat_L ... Ahat_s of a batch.
     *
     * @param attentions each layer's probabilities [B, H, T, T], first layer first
     * @return [B, T, T]; every row sums to 1
     */
    public static NDArray matrices(List<NDArray> attentions, RolloutSpec spec) {
        if (spec.startLayer() >= attentions.size()) {
            throw new BadParameterException("{start layer} " + spec.startLayer() + " is past the last layer: the network has "
                    + attentions.size() + " layers, numbered 0 to " + (attentions.size() - 1));
        }
        NDArray r = null;
        for (int l = spec.startLayer(); l < attentions.size(); l++) {
            NDArray a = normalised(attentions.get(l), spec.fusion()); // [B, T, T]
            r = r == null ? a : a.matMul(r);
        }
        return r;
    }

    /** (fuse(A) + I), each row divided by its sum: [B, H, T, T] -> [B, T, T]. */
    static NDArray normalised(NDArray attention, HeadFusion fusion) {
        NDArray fused = switch (fusion) {
            case MEAN -> attention.mean(new int[] {1});
            case MIN -> attention.min(new int[] {1});
            case MAX -> attention.max(new int[] {1});
        };
        long t = fused.getShape().get(1);
        NDArray withSelf = fused.add(attention.getManager().eye((int) t).reshape(new Shape(1, t, t)));
        return withSelf.div(withSelf.sum(new int[] {2}, true));
    }
}

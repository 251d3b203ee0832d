package pairviz.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * An image-embedding network that can explain itself: besides the embedding it returns the
 * per-token features and (for a transformer) the attention maps, as a {@link Trace}.
 *
 * <p>As a DJL block, {@code forward} takes images [B, 3, S, S] and returns the embeddings [B, E].
 */
public abstract class EmbeddingNetwork extends Module {

    /** The architecture this network was built from. */
    public abstract ModelConfig config();

    /**
     * Runs the network on a batch of normalised images [B, 3, S, S]. Every array of the trace
     * belongs to the manager of {@code images}.
     */
    public final Trace trace(ParameterStore ps, NDArray images, boolean training) {
        return trace(ps, images, training, AttentionTap.NONE);
    }

    /**
     * Like {@link #trace(ParameterStore, NDArray, boolean)}, with every attention map passed
     * through {@code tap} before it is used (a transformer's; a CNN ignores it).
     */
    public abstract Trace trace(ParameterStore ps, NDArray images, boolean training, AttentionTap tap);

    /**
     * Why this network cannot run its products in {@code p}, or null when it can (every network
     * built of pairviz's layers runs both precisions). A network that cannot must refuse the
     * precision, never run another one silently.
     */
    public String refuses(Precision p) {
        return null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
        return new NDList(trace(ps, in.singletonOrThrow(), training).beta());
    }
}

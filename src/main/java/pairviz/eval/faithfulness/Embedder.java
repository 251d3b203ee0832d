package pairviz.eval.faithfulness;

import java.util.List;

/**
 * The network as the perturbation curves see it: images in, embeddings out, nothing else. A test
 * can hand-build one whose right answers are known.
 */
@FunctionalInterface
public interface Embedder {
    /**
     * Embeds a batch in one pass.
     *
     * @param images each 3 x S x S, normalised, channel-major
     * @return one embedding per image, in order
     */
    float[][] embed(List<float[]> images);
}

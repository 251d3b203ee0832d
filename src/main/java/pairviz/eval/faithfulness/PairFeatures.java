package pairviz.eval.faithfulness;

import java.util.Map;
import pairviz.explain.HeadFusion;
import pairviz.explain.ImageFeatures;
import pairviz.explain.Vectors;

/**
 * The unperturbed features of a pair's two images, once per head fusion the methods need (a CNN,
 * which has no rollout, needs only one).
 *
 * @param a image A's features by head fusion
 * @param b image B's features by head fusion
 */
public record PairFeatures(Map<HeadFusion, ImageFeatures> a, Map<HeadFusion, ImageFeatures> b) {
    public PairFeatures {
        a = Map.copyOf(a);
        b = Map.copyOf(b);
        if (a.isEmpty() || !a.keySet().equals(b.keySet())) {
            throw new IllegalArgumentException("A and B need features for the same head fusions");
        }
    }

    /** A's features with this fusion's rollout (any, for a CNN or a fusion not computed). */
    public ImageFeatures a(HeadFusion fusion) {
        return a.getOrDefault(fusion, a.values().iterator().next());
    }

    public ImageFeatures b(HeadFusion fusion) {
        return b.getOrDefault(fusion, b.values().iterator().next());
    }

    /** The cosine similarity of the two embeddings. */
    public double score() {
        ImageFeatures fa = a.values().iterator().next();
        ImageFeatures fb = b.values().iterator().next();
        return Vectors.dot(fa.unit(), fb.unit());
    }
}

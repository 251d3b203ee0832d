package pairviz.eval.faithfulness;

import pairviz.data.Sample;

/**
 * Two images whose similarity is explained.
 *
 * @param a image A (its map is scored)
 * @param b image B
 */
public record ImagePair(Sample a, Sample b) {
    /** Whether both images are of the same class. */
    public boolean sameClass() {
        return a.label().equals(b.label());
    }
}

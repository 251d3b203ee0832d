package pairviz.eval.faithfulness;

/** Where ground truth comes from: the cells of A that show what A and B share. */
@FunctionalInterface
public interface MaskSource {
    /** No ground truth. */
    MaskSource NONE = (pair, rows, cols) -> null;

    /**
     * The fraction of each cell of A's {@code rows x cols} grid covered by the ground-truth mask,
     * row-major, or null if there is no ground truth for this pair.
     */
    float[] coverage(ImagePair pair, int rows, int cols);
}

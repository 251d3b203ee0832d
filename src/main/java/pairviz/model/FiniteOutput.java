package pairviz.model;

import pairviz.BadParameterException;

/**
 * A network's output that is not a finite number (NaN or infinite) is bad input, never a result:
 * the weights hold such values or overflow, or the input normalisation does not fit the network
 * (a standard deviation near zero). Embeddings and maps are checked where they are made, and the
 * image is named.
 */
public final class FiniteOutput {
    private FiniteOutput() {}

    /** Whether every value is a finite number. */
    public static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** What an embedding with a NaN or infinite value says, for an image not named. */
    public static final String EMBEDDING_PROBLEM = "the network's embedding of it holds NaN or infinite values";

    /**
     * @throws BadParameterException naming {@code image} if {@code embedding} holds a NaN or
     *     infinite value
     */
    public static void requireEmbedding(float[] embedding, String image) {
        if (!allFinite(embedding)) {
            throw new BadParameterException("the network's embedding of " + image + " holds NaN or infinite values: "
                    + "its weights, or the input normalisation ({norm}), do not fit it");
        }
    }

    /**
     * @param what the map, in words ("the map of a.png")
     * @throws BadParameterException naming {@code what} if {@code values} hold a NaN or infinite value
     */
    public static void requireMap(float[] values, String what) {
        if (!allFinite(values)) {
            throw new BadParameterException(what + " holds NaN or infinite values: the network's weights, or the input "
                    + "normalisation ({norm}), do not fit it");
        }
    }
}

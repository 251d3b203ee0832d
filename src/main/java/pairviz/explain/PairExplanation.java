package pairviz.explain;

/**
 * The paired similarity maps of two images.
 *
 * @param a name of image A
 * @param b name of image B
 * @param score cosine similarity of the two embeddings
 * @param mapA where A is similar to B, on A's grid
 * @param mapB where B is similar to A, on B's grid
 * @param options the options the maps were made with
 * @param rolloutApplied whether the maps went through rollout (never for a CNN)
 * @param baselineA for integrated gradients, the similarity of the baseline image to B: A's map
 *     sums to {@code score - baselineA}; NaN for the other modes
 * @param baselineB the same for B's map
 */
public record PairExplanation(
        String a, String b, double score, Heatmap mapA, Heatmap mapB, ExplainOptions options, boolean rolloutApplied,
        double baselineA, double baselineB) {}

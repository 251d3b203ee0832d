package pairviz.eval.faithfulness;

import java.util.List;

/**
 * Every method's scores on one pair.
 *
 * @param pair the pair
 * @param score the cosine similarity of the unperturbed pair
 * @param groundTruth whether the pair had a ground-truth mask with something in it
 * @param methods one entry per method, in the order asked
 */
public record PairResult(ImagePair pair, double score, boolean groundTruth, List<MethodScores> methods) {
    public PairResult {
        methods = List.copyOf(methods);
    }
}

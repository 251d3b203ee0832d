package pairviz.eval;

import java.util.Collections;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Retrieval quality of an embedding, as pytorch-metric-learning's AccuracyCalculator defines it.
 *
 * <p>All values average over the {@code queries} that have at least one gallery item of their
 * label; the {@code skipped} ones (none) count in no value. With no query left, every value is
 * NaN.
 *
 * @param recallAtK  K -> fraction of queries with an item of their label among the top K
 *                   (Recall@1 is precision at 1); ascending K
 * @param mapAtR     mean over queries of MAP@R = (1/R) sum_{i<=R} P(i) rel(i)
 * @param rPrecision mean over queries of (items of their label in the top R) / R
 * @param queries    number of queries averaged
 * @param skipped    number of queries with R = 0, left out
 */
public record RetrievalMetrics(
        SortedMap<Integer, Double> recallAtK, double mapAtR, double rPrecision, int queries, int skipped) {

    public RetrievalMetrics {
        recallAtK = Collections.unmodifiableSortedMap(new TreeMap<>(recallAtK));
    }

    /** Recall@1, also called precision at 1. */
    public double precisionAt1() {
        return recallAt(1);
    }

    /**
     * Recall@{@code k}.
     *
     * @throws NoSuchElementException if {@code k} was not among the Ks evaluated
     */
    public double recallAt(int k) {
        Double r = recallAtK.get(k);
        if (r == null) {
            throw new NoSuchElementException("Recall@" + k + " was not evaluated; Ks: " + recallAtK.keySet());
        }
        return r;
    }
}

package pairviz.eval;

import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import pairviz.PairvizException;
import pairviz.store.FloatMatrix;
import pairviz.gallery.ExactSearch;

/**
 * Exact retrieval metrics of embeddings under cosine similarity: Recall@K, MAP@R and
 * R-precision, as pytorch-metric-learning's AccuracyCalculator defines them.
 *
 * <p>Each query ranks the gallery by cosine similarity (see {@link ExactSearch} for the exact
 * arithmetic; a zero row has similarity 0 to everything). Ties: similarity descending, then
 * gallery index ascending. Two settings:
 * <ul>
 *   <li>one set: every item queries all the others, itself left out;
 *   <li>query set and gallery: every query ranks the whole gallery.
 * </ul>
 * For a query, R is the number of gallery items with its label (itself not counted). Queries with
 * R = 0 are left out of every metric and counted as skipped. Then
 * <ul>
 *   <li>Recall@K = 1 if an item of its label is among the top K (all of the gallery when K is
 *       larger), else 0; Recall@1 is precision at 1;
 *   <li>MAP@R = (1/R) sum_{i=1..R} P(i) rel(i), rel(i) = 1 if rank i has its label, P(i) the
 *       fraction of the top i that have it;
 *   <li>R-precision = (items of its label in the top R) / R;
 * </ul>
 * each averaged over the queries kept. Only the top max(K, R) of each query are kept, so memory
 * does not grow with the square of the gallery.
 */
public final class Retrieval {
    /** The Ks reported by default. */
    public static final int[] DEFAULT_KS = {1, 2, 4, 8};

    private Retrieval() {}

    /** Metrics of one set of embeddings, each item querying all the others. */
    public static RetrievalMetrics evaluate(FloatMatrix embeddings, int[] labels, int... ks) {
        checkLabels(embeddings, labels, "embeddings");
        return run(embeddings, labels, embeddings, labels, true, ks);
    }

    /** Metrics of one set of embeddings with string labels, each item querying all the others. */
    public static RetrievalMetrics evaluate(FloatMatrix embeddings, List<String> labels, int... ks) {
        return evaluate(embeddings, new LabelCodes().encode(labels), ks);
    }

    /** Metrics of a query set ranked against a separate gallery (nothing left out). */
    public static RetrievalMetrics evaluate(FloatMatrix queries, int[] queryLabels,
                                            FloatMatrix gallery, int[] galleryLabels, int... ks) {
        checkLabels(queries, queryLabels, "query embeddings");
        checkLabels(gallery, galleryLabels, "gallery embeddings");
        return run(queries, queryLabels, gallery, galleryLabels, false, ks);
    }

    /** Metrics of a query set with string labels ranked against a separate gallery. */
    public static RetrievalMetrics evaluate(FloatMatrix queries, List<String> queryLabels,
                                            FloatMatrix gallery, List<String> galleryLabels, int... ks) {
        LabelCodes codes = new LabelCodes();
        return evaluate(queries, codes.encode(queryLabels), gallery, codes.encode(galleryLabels), ks);
    }

    private static RetrievalMetrics run(FloatMatrix queries, int[] queryLabels, FloatMatrix gallery,
                                        int[] galleryLabels, boolean sameSet, int[] ks) {
        int[] kList = checkKs(ks);
        int maxK = kList.length == 0 ? 0 : kList[kList.length - 1];
        int[] relevant = relevantCounts(queryLabels, galleryLabels, sameSet);
        List<Partial> partials = ExactSearch.search(queries, gallery, sameSet,
                q -> relevant[q] == 0 ? 0 : Math.max(maxK, relevant[q]),
                (block, ranked) -> Partial.of(block, ranked, queryLabels, galleryLabels, relevant, kList));
        Partial total = new Partial(kList.length);
        for (Partial p : partials) {
            total.add(p);
        }
        int skipped = (int) Arrays.stream(relevant).filter(r -> r == 0).count();
        return total.metrics(kList, skipped);
    }

    /** R of every query: gallery items with its label, itself not counted in one set. */
    public static int[] relevantCounts(int[] queryLabels, int[] galleryLabels, boolean sameSet) {
        int[] sorted = galleryLabels.clone();
        Arrays.sort(sorted);
        int[] r = new int[queryLabels.length];
        for (int q = 0; q < r.length; q++) {
            int label = queryLabels[q];
            r[q] = firstAbove(sorted, label) - firstAbove(sorted, label - 1L) - (sameSet ? 1 : 0);
        }
        return r;
    }

    /** Index of the first element of sorted {@code a} greater than {@code x}. */
    private static int firstAbove(int[] a, long x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static void checkLabels(FloatMatrix m, int[] labels, String what) {
        if (labels.length != m.rows()) {
            throw new PairvizException(labels.length + " labels for " + m.rows() + " " + what);
        }
    }

    /** The Ks sorted, without repeats; each must be at least 1. */
    private static int[] checkKs(int[] ks) {
        for (int k : ks) {
            if (k < 1) {
                throw new PairvizException("every K must be at least 1, got " + k);
            }
        }
        return Arrays.stream(ks).sorted().distinct().toArray();
    }

    /**
     * Sums over some queries; added up in query order so results do not depend on threads (and,
     * in the Spark module, over machines).
     */
    public static final class Partial implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final long[] hits;
        double mapSum;
        double rPrecisionSum;
        int queries;

        /** Nothing summed yet, for {@code kCount} Ks. */
        public Partial(int kCount) {
            hits = new long[kCount];
        }

        static Partial of(int[] block, int[][] ranked, int[] queryLabels, int[] galleryLabels,
                          int[] relevant, int[] ks) {
            Partial p = new Partial(ks.length);
            for (int i = 0; i < block.length; i++) {
                int q = block[i];
                p.addQuery(ranked[i], queryLabels[q], galleryLabels, relevant[q], ks);
            }
            return p;
        }

        /**
         * One query: {@code ranked} holds at least its top R (R > 0) and its top max K, as gallery
         * indices into {@code galleryLabels}; {@code ks} ascending.
         */
        public void addQuery(int[] ranked, int label, int[] galleryLabels, int r, int[] ks) {
            int firstHit = Integer.MAX_VALUE;
            int hitsInR = 0;
            double precisionSum = 0;
            for (int i = 0; i < ranked.length; i++) {
                if (galleryLabels[ranked[i]] == label) {
                    firstHit = Math.min(firstHit, i);
                    if (i < r) {
                        hitsInR++;
                        precisionSum += (double) hitsInR / (i + 1);
                    }
                }
            }
            for (int j = 0; j < ks.length; j++) {
                if (firstHit < ks[j]) {
                    hits[j]++;
                }
            }
            mapSum += precisionSum / r;
            rPrecisionSum += (double) hitsInR / r;
            queries++;
        }

        /** Adds another part's sums. */
        public void add(Partial o) {
            for (int j = 0; j < hits.length; j++) {
                hits[j] += o.hits[j];
            }
            mapSum += o.mapSum;
            rPrecisionSum += o.rPrecisionSum;
            queries += o.queries;
        }

        /** The metrics of the queries summed, with {@code skipped} queries left out. */
        public RetrievalMetrics metrics(int[] ks, int skipped) {
            TreeMap<Integer, Double> recall = new TreeMap<>();
            for (int j = 0; j < ks.length; j++) {
                recall.put(ks[j], (double) hits[j] / queries);
            }
            return new RetrievalMetrics(recall, mapSum / queries, rPrecisionSum / queries, queries, skipped);
        }
    }
}

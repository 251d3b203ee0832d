package pairviz.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import pairviz.store.FloatMatrix;
import pairviz.gallery.ExactSearch;

/**
 * Retrieval against a brute-force implementation written here from the definitions: every
 * similarity in double, a full sort of the gallery per query, metrics counted directly.
 */
class RetrievalCrossCheckTest {
    private static final int[] KS = {1, 2, 3, 5, 8, 16, 100000};

    /**
     * Rows of 0 / +-1 with 0, 1, 4 or 16 non-zeros (norms 0, 1, 2, 4): every cosine is a dyadic
     * fraction that float and double both compute exactly, so ties are exact and common. Most rows
     * are their class's prototype, some with one sign flipped, the rest random. Over 300 rows
     * (three query blocks, the last partial) and 22 dimensions (not a multiple of 4).
     */
    @Test
    void quantisedWithManyTies() {
        Random rnd = new Random(11);
        int n = 300;
        int[] labels = skewedLabels(rnd, n);
        float[][] prototypes = new float[100][];
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            if (prototypes[labels[i]] == null) {
                prototypes[labels[i]] = quantisedRow(rnd, 22);
            }
            x[i] = rnd.nextInt(10) < 4 ? quantisedRow(rnd, 22) : prototypes[labels[i]].clone();
            int flip = rnd.nextInt(22);
            if (rnd.nextBoolean()) {
                x[i][flip] = -x[i][flip];
            }
        }
        checkBothSettings(x, labels);
    }

    private static float[] quantisedRow(Random rnd, int d) {
        float[] row = new float[d];
        int nonZeros = new int[] {0, 1, 4, 16, 16}[rnd.nextInt(5)];
        for (int placed = 0; placed < nonZeros; ) {
            int c = rnd.nextInt(d);
            if (row[c] == 0) {
                row[c] = rnd.nextBoolean() ? 1 : -1;
                placed++;
            }
        }
        return row;
    }

    /** Continuous data: gaps between neighbours dwarf float rounding, so rankings agree. */
    @Test
    void gaussian() {
        Random rnd = new Random(12);
        int n = 260;
        int[] labels = skewedLabels(rnd, n);
        float[][] centres = new float[100][13];
        for (float[] c : centres) {
            for (int k = 0; k < c.length; k++) {
                c[k] = (float) rnd.nextGaussian();
            }
        }
        float[][] x = new float[n][13];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 13; k++) {
                x[i][k] = 0.8f * centres[labels[i]][k] + (float) rnd.nextGaussian();
            }
        }
        checkBothSettings(x, labels);
    }

    /** Labels 0..99 with some classes of one item (skipped) and some big ones. */
    private static int[] skewedLabels(Random rnd, int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (int) (100 * Math.pow(rnd.nextDouble(), 2));
        }
        return labels;
    }

    private static void checkBothSettings(float[][] x, int[] labels) {
        RetrievalMetrics oneSet = Retrieval.evaluate(FloatMatrix.of(x), labels, KS);
        assertThat(oneSet.skipped()).as("the data must have singletons").isPositive();
        assertClose(oneSet, bruteForce(x, labels, x, labels, true));
        int[][] top = ExactSearch.topK(FloatMatrix.of(x), 7);
        for (int q = 0; q < x.length; q++) {
            assertThat(top[q]).containsExactly(ranking(x[q], x, q).subList(0, 7).stream().mapToInt(i -> i).toArray());
        }

        int split = x.length / 3;
        float[][] queries = java.util.Arrays.copyOfRange(x, 0, split);
        float[][] gallery = java.util.Arrays.copyOfRange(x, split, x.length);
        int[] ql = java.util.Arrays.copyOfRange(labels, 0, split);
        int[] gl = java.util.Arrays.copyOfRange(labels, split, labels.length);
        RetrievalMetrics separate = Retrieval.evaluate(FloatMatrix.of(queries), ql, FloatMatrix.of(gallery), gl, KS);
        assertClose(separate, bruteForce(queries, ql, gallery, gl, false));
    }

    private static void assertClose(RetrievalMetrics actual, RetrievalMetrics expected) {
        assertThat(actual.queries()).isEqualTo(expected.queries());
        assertThat(actual.skipped()).isEqualTo(expected.skipped());
        assertThat(actual.recallAtK().keySet()).isEqualTo(expected.recallAtK().keySet());
        expected.recallAtK().forEach((k, r) ->
                assertThat(actual.recallAt(k)).as("Recall@%d", k).isCloseTo(r, within(1e-9)));
        assertThat(actual.mapAtR()).isCloseTo(expected.mapAtR(), within(1e-9));
        assertThat(actual.rPrecision()).isCloseTo(expected.rPrecision(), within(1e-9));
        // The data must make the comparison meaningful: neither all hits nor all misses.
        assertThat(expected.mapAtR()).isBetween(0.05, 0.95);
    }

    // ---- brute force, from the definitions ----

    private static RetrievalMetrics bruteForce(float[][] q, int[] ql, float[][] g, int[] gl, boolean sameSet) {
        TreeMap<Integer, Double> hits = new TreeMap<>();
        for (int k : KS) {
            hits.put(k, 0.0);
        }
        double map = 0;
        double rPrecision = 0;
        int used = 0;
        int skipped = 0;
        for (int i = 0; i < q.length; i++) {
            List<Integer> ranked = ranking(q[i], g, sameSet ? i : -1);
            int label = ql[i];
            int r = (int) ranked.stream().filter(j -> gl[j] == label).count();
            if (r == 0) {
                skipped++;
                continue;
            }
            used++;
            for (int k : KS) {
                boolean hit = ranked.stream().limit(k).anyMatch(j -> gl[j] == label);
                hits.merge(k, hit ? 1.0 : 0.0, Double::sum);
            }
            double ap = 0;
            int relevantSoFar = 0;
            for (int rank = 1; rank <= r; rank++) {
                if (gl[ranked.get(rank - 1)] == label) {
                    relevantSoFar++;
                    ap += (double) relevantSoFar / rank;
                }
            }
            map += ap / r;
            rPrecision += (double) relevantSoFar / r;
        }
        int n = used;
        hits.replaceAll((k, h) -> h / n);
        return new RetrievalMetrics(hits, map / used, rPrecision / used, used, skipped);
    }

    /** All gallery indices but {@code self}, by cosine (double) descending, then index. */
    private static List<Integer> ranking(float[] query, float[][] gallery, int self) {
        List<Integer> idx = new ArrayList<>();
        double[] cos = new double[gallery.length];
        for (int j = 0; j < gallery.length; j++) {
            if (j != self) {
                idx.add(j);
                cos[j] = cosine(query, gallery[j]);
            }
        }
        idx.sort(Comparator.<Integer>comparingDouble(j -> -cos[j]).thenComparingInt(j -> j));
        return idx;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < a.length; k++) {
            dot += (double) a[k] * b[k];
            na += (double) a[k] * a[k];
            nb += (double) b[k] * b[k];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}

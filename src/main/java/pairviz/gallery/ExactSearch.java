package pairviz.gallery;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import pairviz.PairvizException;
import pairviz.store.FloatMatrix;

/**
 * Exact nearest neighbours by cosine similarity, in blocks, on all cores.
 *
 * <p>Queries are taken in blocks of {@link #QUERY_BLOCK}; a block is scaled to unit length and
 * transposed once, then every gallery row (in ascending order) is multiplied against it, and each
 * query keeps only its own best {@code k} in a {@link TopK} heap. Memory is the inputs plus, per
 * running block, d x 128 floats and the heaps: the N x N similarity matrix is never built.
 *
 * <p>Similarity of query q and gallery row g: {@code (sum_k qhat[k] * g[k]) * (1 / |g|)}, where
 * qhat is q scaled to unit length (norms summed in double) and the dot product is summed in float
 * in a fixed order (see {@link BlockScan#dot}; faiss and float32 matrix products also sum in
 * float); a zero row has similarity 0 to everything. The value of a pair does not depend on
 * blocking or threads, so the ranking (similarity descending, ties by gallery index ascending)
 * is deterministic.
 */
public final class ExactSearch {
    /** Queries per block: the transposed block (d x 128 floats, 256 KiB for d = 512) stays in L2. */
    public static final int QUERY_BLOCK = 128;

    private ExactSearch() {}

    /** Turns one block's rankings into a partial result. */
    @FunctionalInterface
    public interface BlockReducer<T> {
        /**
         * @param queries the query indices of the block, ascending
         * @param ranked  for each of them, gallery indices best first (length: its k, capped)
         */
        T reduce(int[] queries, int[][] ranked);
    }

    /**
     * Ranks the gallery for every query with {@code k(query) > 0} and reduces each block.
     *
     * @param sameSet whether queries and gallery are the same items (the query is then left out
     *                of its own ranking)
     * @param k       how many neighbours each query needs; capped at the gallery size (less one
     *                when {@code sameSet}); 0 leaves the query out
     * @return the block results, in query order
     */
    public static <T> List<T> search(FloatMatrix queries, FloatMatrix gallery, boolean sameSet,
                              IntUnaryOperator k, BlockReducer<T> reducer) {
        if (queries.cols() != gallery.cols()) {
            throw new PairvizException("the queries have " + queries.cols()
                    + " dimensions but the gallery has " + gallery.cols());
        }
        int available = sameSet ? gallery.rows() - 1 : gallery.rows();
        int[] active = IntStream.range(0, queries.rows()).filter(q -> k.applyAsInt(q) > 0).toArray();
        double[] queryScale = inverseNorms(queries, sameSet ? "embedding" : "query");
        double[] galleryScale = sameSet ? queryScale : inverseNorms(gallery, "gallery");
        int blocks = (active.length + QUERY_BLOCK - 1) / QUERY_BLOCK;
        return IntStream.range(0, blocks).parallel().mapToObj(b -> {
            int[] block = Arrays.copyOfRange(
                    active, b * QUERY_BLOCK, Math.min(active.length, (b + 1) * QUERY_BLOCK));
            TopK[] heaps = new TopK[block.length];
            for (int i = 0; i < block.length; i++) {
                heaps[i] = new TopK(Math.max(0, Math.min(k.applyAsInt(block[i]), available)));
            }
            new BlockScan(queries, queryScale, block, block, gallery, galleryScale, 0, sameSet, heaps).run();
            int[][] ranked = new int[block.length][];
            for (int i = 0; i < block.length; i++) {
                ranked[i] = heaps[i].drainRanked();
            }
            return reducer.reduce(block, ranked);
        }).toList();
    }

    /**
     * Offers every row of a part of a gallery to the heaps of a block of queries, with the
     * similarities {@link #search} computes: the step of a search split over machines, whose
     * parts' heaps merge exactly (see {@link TopK#drain}).
     *
     * @param queries      the block's query rows
     * @param queryIds     their ids (one per row)
     * @param gallery      the part's gallery rows
     * @param galleryFirst the id of the part's first row (row g is item galleryFirst + g)
     * @param sameSet      whether queries and gallery are the same items: a query is then never
     *                     offered the item of its own id
     * @param heaps        one per query
     */
    public static void scan(FloatMatrix queries, int[] queryIds, FloatMatrix gallery, int galleryFirst,
                            boolean sameSet, TopK[] heaps) {
        if (queries.cols() != gallery.cols()) {
            throw new PairvizException("the queries have " + queries.cols()
                    + " dimensions but the gallery has " + gallery.cols());
        }
        int[] rows = IntStream.range(0, queries.rows()).toArray();
        new BlockScan(queries, inverseNorms(queries, "query"), rows, queryIds, gallery,
                inverseNorms(gallery, "gallery"), galleryFirst, sameSet, heaps).run();
    }

    /** 1 / L2 norm of each row (0 for a zero row); a non-finite value is bad input. */
    private static double[] inverseNorms(FloatMatrix m, String what) {
        double[] inv = m.inverseRowNorms();
        for (int r = 0; r < inv.length; r++) {
            if (!Double.isFinite(inv[r]) || (inv[r] == 0 && !isZeroRow(m, r))) {
                throw new PairvizException(what + " row " + r + " holds a NaN or infinite value");
            }
        }
        return inv;
    }

    private static boolean isZeroRow(FloatMatrix m, int r) {
        float[] d = m.data();
        for (int c = r * m.cols(), end = c + m.cols(); c < end; c++) {
            if (d[c] != 0) {
                return false;
            }
        }
        return true;
    }

    /** One query block against the whole gallery. */
    private static final class BlockScan {
        private final FloatMatrix gallery;
        private final double[] galleryScale;
        private final int[] block;
        /** The ids of the block's queries, and of the gallery's first row (row g is item first + g). */
        private final int[] queryIds;
        private final int galleryFirst;
        private final boolean sameSet;
        private final TopK[] heaps;
        private final int n;
        private final int d;
        /** The block's unit-length queries, transposed: qt[k][i] = qhat_i[k]; d x n. */
        private final float[][] qt;
        /** Dot products of the block with one gallery row: acc[i]; n. */
        private final float[] acc;

        BlockScan(FloatMatrix queries, double[] queryScale, int[] block, int[] queryIds, FloatMatrix gallery,
                  double[] galleryScale, int galleryFirst, boolean sameSet, TopK[] heaps) {
            this.gallery = gallery;
            this.galleryScale = galleryScale;
            this.block = block;
            this.queryIds = queryIds;
            this.galleryFirst = galleryFirst;
            this.sameSet = sameSet;
            this.heaps = heaps;
            this.n = block.length;
            this.d = queries.cols();
            this.qt = new float[d][n];
            this.acc = new float[n];
            float[] q = queries.data();
            for (int i = 0; i < n; i++) {
                int row = block[i] * d;
                double scale = queryScale[block[i]];
                for (int k = 0; k < d; k++) {
                    qt[k][i] = (float) (q[row + k] * scale);
                }
            }
        }

        void run() {
            for (int g = 0; g < gallery.rows(); g++) {
                dot(g);
                offer(g);
            }
        }

        /**
         * acc[i] = qhat_i . gallery[g] in float: dimensions in groups of four, each group summed
         * as ((p0 + p1) + (p2 + p3)) and added to acc in order, then the last d mod 4 one by one.
         * (This shape is what the JIT turns into SIMD code; the order is fixed, so a pair's value
         * never depends on where it sits in a block.)
         */
        private void dot(int g) {
            float[] x = gallery.data();
            float[] a = acc;
            int n = this.n;
            Arrays.fill(a, 0f);
            int row = g * d;
            int k = 0;
            for (; k + 4 <= d; k += 4) {
                float[] q0 = qt[k];
                float[] q1 = qt[k + 1];
                float[] q2 = qt[k + 2];
                float[] q3 = qt[k + 3];
                float x0 = x[row + k];
                float x1 = x[row + k + 1];
                float x2 = x[row + k + 2];
                float x3 = x[row + k + 3];
                for (int i = 0; i < n; i++) {
                    a[i] += (x0 * q0[i] + x1 * q1[i]) + (x2 * q2[i] + x3 * q3[i]);
                }
            }
            for (; k < d; k++) {
                float[] q0 = qt[k];
                float x0 = x[row + k];
                for (int i = 0; i < n; i++) {
                    a[i] += x0 * q0[i];
                }
            }
        }

        /** Offers gallery row {@code row} (its dot products in acc) to every query's heap. */
        private void offer(int row) {
            double scale = galleryScale[row];
            int item = galleryFirst + row;
            float[] a = acc;
            for (int i = 0; i < n; i++) {
                if (!(sameSet && queryIds[i] == item)) {
                    heaps[i].offer((float) (a[i] * scale), item);
                }
            }
        }
    }

    /**
     * The {@code k} nearest other items of every item, best first (fewer when there are fewer
     * than {@code k} others).
     */
    public static int[][] topK(FloatMatrix embeddings, int k) {
        return topK(embeddings, embeddings, true, k);
    }

    /** The {@code k} nearest gallery items of every query, best first (at most the gallery size). */
    public static int[][] topK(FloatMatrix queries, FloatMatrix gallery, int k) {
        return topK(queries, gallery, false, k);
    }

    private static int[][] topK(FloatMatrix queries, FloatMatrix gallery, boolean sameSet, int k) {
        if (k < 0) {
            throw new PairvizException("k must not be negative, got " + k);
        }
        int[][] out = new int[queries.rows()][];
        Arrays.fill(out, new int[0]);
        ExactSearch.search(queries, gallery, sameSet, q -> k, (block, ranked) -> {
            for (int i = 0; i < block.length; i++) {
                out[block[i]] = ranked[i];
            }
            return null;
        });
        return out;
    }
}

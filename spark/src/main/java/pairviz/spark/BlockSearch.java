package pairviz.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import pairviz.gallery.ExactSearch;
import pairviz.store.FloatMatrix;
import pairviz.gallery.TopK;
import scala.Tuple2;

/**
 * Exact nearest neighbours over blocks on a cluster: every block of queries meets every block of
 * the gallery in a task of its own ({@link ExactSearch#scan}, the core's arithmetic, in its
 * 128-query steps), and each query's heaps from the gallery blocks are merged into its running
 * top k ({@link TopK}'s order: similarity descending, then gallery number). A pair's similarity
 * does not depend on the blocks, so the rankings are those of the one-machine search.
 */
public final class BlockSearch {
    private BlockSearch() {}

    /**
     * One query block's rankings.
     *
     * @param first the number of the block's first query
     * @param items for each query, gallery numbers best first
     * @param sims  their similarities
     */
    public record Rankings(int block, int first, int[][] items, float[][] sims) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The top {@code need[q]} gallery items of every query {@code q} (none where it is 0; at
     * most what the gallery holds), by query block.
     *
     * @param sameSet whether the queries are the gallery (a query then never ranks itself)
     */
    public static JavaPairRDD<Integer, Rankings> search(JavaRDD<EmbeddingSet.Block> queries,
                                                       JavaRDD<EmbeddingSet.Block> gallery, boolean sameSet,
                                                       Broadcast<int[]> need) {
        return queries.cartesian(gallery)
                .mapToPair(pair -> new Tuple2<>(pair._1().block(), scan(pair._1(), pair._2(), sameSet, need.value())))
                .reduceByKey((a, b) -> merge(a, b, need.value()));
    }

    /** One query block against one gallery block. */
    static Rankings scan(EmbeddingSet.Block q, EmbeddingSet.Block g, boolean sameSet, int[] need) {
        int[][] items = new int[q.rows()][];
        float[][] sims = new float[q.rows()][];
        FloatMatrix gallery = g.matrix();
        for (int start = 0; start < q.rows(); start += ExactSearch.QUERY_BLOCK) {
            int n = Math.min(ExactSearch.QUERY_BLOCK, q.rows() - start);
            int[] ids = new int[n];
            TopK[] heaps = new TopK[n];
            for (int i = 0; i < n; i++) {
                ids[i] = q.first() + start + i;
                heaps[i] = new TopK(need[ids[i]]);
            }
            FloatMatrix step = new FloatMatrix(n, q.cols(),
                    Arrays.copyOfRange(q.data(), start * q.cols(), (start + n) * q.cols()));
            ExactSearch.scan(step, ids, gallery, g.first(), sameSet, heaps);
            for (int i = 0; i < n; i++) {
                TopK.Ranked r = heaps[i].drain();
                items[start + i] = r.items();
                sims[start + i] = r.sims();
            }
        }
        return new Rankings(q.block(), q.first(), items, sims);
    }

    /** Two gallery blocks' rankings of the same query block, merged. */
    static Rankings merge(Rankings a, Rankings b, int[] need) {
        int n = a.items().length;
        int[][] items = new int[n][];
        float[][] sims = new float[n][];
        for (int i = 0; i < n; i++) {
            TopK heap = new TopK(need[a.first() + i]);
            for (Rankings r : new Rankings[] {a, b}) {
                for (int j = 0; j < r.items()[i].length; j++) {
                    heap.offer(r.sims()[i][j], r.items()[i][j]);
                }
            }
            TopK.Ranked merged = heap.drain();
            items[i] = merged.items();
            sims[i] = merged.sims();
        }
        return new Rankings(a.block(), a.first(), items, sims);
    }
}

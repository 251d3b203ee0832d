package pairviz.spark;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import pairviz.PairvizException;
import pairviz.eval.LabelCodes;
import pairviz.eval.Retrieval;
import pairviz.eval.RetrievalMetrics;
import scala.Tuple2;

/**
 * {@code pairviz spark evaluate}: the retrieval metrics of {@link Retrieval} (Recall@K, MAP@R,
 * R-precision; self excluded, queries without another item of their label left out and counted,
 * ties by gallery order) from a {@link BlockSearch} on the cluster. Each query block's sums are
 * the core's ({@link Retrieval.Partial}), added up in block order on the driver.
 */
public final class SparkRetrieval {
    private SparkRetrieval() {}

    /**
     * Metrics of {@code queries} ranked against {@code gallery}, or against each other when
     * {@code gallery} is null.
     *
     * @param ks        the Ks of Recall@K, ascending, without repeats, each at least 1
     * @param blockSize embeddings per block of the search
     */
    public static RetrievalMetrics evaluate(SparkSession spark, EmbeddingSet queries, EmbeddingSet gallery,
                                            int[] ks, int blockSize) {
        boolean sameSet = gallery == null;
        EmbeddingSet g = sameSet ? queries : gallery;
        LabelCodes codes = new LabelCodes();
        int[] queryLabels = codes.encode(queries.labels());
        int[] galleryLabels = sameSet ? queryLabels : codes.encode(g.labels());
        int[] relevant = Retrieval.relevantCounts(queryLabels, galleryLabels, sameSet);
        int maxK = ks[ks.length - 1];
        int available = sameSet ? g.size() - 1 : g.size();
        int[] need = Arrays.stream(relevant).map(r -> r == 0 ? 0 : Math.min(available, Math.max(maxK, r))).toArray();
        int skipped = (int) Arrays.stream(relevant).filter(r -> r == 0).count();

        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<int[]> needs = sc.broadcast(need);
        Broadcast<int[]> qLabels = sc.broadcast(queryLabels);
        Broadcast<int[]> gLabels = sc.broadcast(galleryLabels);
        Broadcast<int[]> relevantCounts = sc.broadcast(relevant);
        JavaRDD<EmbeddingSet.Block> qBlocks = queries.blocks(spark, blockSize).cache();
        JavaRDD<EmbeddingSet.Block> gBlocks = sameSet ? qBlocks : g.blocks(spark, blockSize).cache();
        int tasks = blocks(queries.size(), blockSize) * blocks(g.size(), blockSize);
        List<Tuple2<Integer, Retrieval.Partial>> partials = StageProgress.run(sc, "spark evaluate", "search", tasks,
                "block pair", () -> BlockSearch.search(qBlocks, gBlocks, sameSet, needs)
                        .mapValues(r -> sums(r, qLabels.value(), gLabels.value(), relevantCounts.value(), ks))
                        .sortByKey().collect());
        qBlocks.unpersist();
        gBlocks.unpersist();
        Retrieval.Partial total = new Retrieval.Partial(ks.length);
        partials.forEach(p -> total.add(p._2()));
        RetrievalMetrics m = total.metrics(ks, skipped);
        if (m.queries() == 0) {
            throw new PairvizException("no query has " + (sameSet ? "another item of its label" : "an item of its label in the gallery")
                    + ": nothing to evaluate");
        }
        return m;
    }

    /** The core's sums over one query block's rankings. */
    private static Retrieval.Partial sums(BlockSearch.Rankings r, int[] queryLabels, int[] galleryLabels,
                                          int[] relevant, int[] ks) {
        Retrieval.Partial p = new Retrieval.Partial(ks.length);
        for (int i = 0; i < r.items().length; i++) {
            int q = r.first() + i;
            if (relevant[q] > 0) {
                p.addQuery(r.items()[i], queryLabels[q], galleryLabels, relevant[q], ks);
            }
        }
        return p;
    }

    static int blocks(int items, int blockSize) {
        return (items + blockSize - 1) / blockSize;
    }
}

package pairviz.spark;

import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import pairviz.PairvizException;
import pairviz.explain.ExplainOptions;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.loading.EmbeddingModel;
import scala.Tuple2;

/**
 * {@code pairviz spark explain}: every query's top K gallery matches ({@link BlockSearch}), then
 * the paired maps of each (query, match) pair by the default method ({@link PairExplainer} with
 * {@link ExplainOptions#DEFAULT}), pairs spread over the executors, as rows.
 */
public final class ExplainJob {
    private ExplainJob() {}

    /** A query and one of its matches: the rank (1 = best) and the search's cosine similarity. */
    public record Match(int query, String queryPath, String queryLabel, int rank, String match, String matchLabel,
                        float similarity) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The schema of the rows {@link #explain} writes. */
    public static final StructType SCHEMA = new StructType()
            .add("query", DataTypes.StringType, false)
            .add("query_label", DataTypes.StringType, false)
            .add("rank", DataTypes.IntegerType, false)
            .add("match", DataTypes.StringType, false)
            .add("match_label", DataTypes.StringType, false)
            .add("similarity", DataTypes.FloatType, false)
            .add("score", DataTypes.DoubleType, true)
            .add("grid_rows", DataTypes.IntegerType, true)
            .add("grid_cols", DataTypes.IntegerType, true)
            .add("query_map", DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add("match_map", DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add("error", DataTypes.StringType, true);

    /**
     * The top {@code top} matches of every query, query by query, best first.
     *
     * @param gallery null: the queries are the gallery (a query is not its own match)
     */
    public static List<Match> topMatches(SparkSession spark, EmbeddingSet queries, EmbeddingSet gallery, int top,
                                         int blockSize) {
        boolean sameSet = gallery == null;
        EmbeddingSet g = sameSet ? queries : gallery;
        int k = Math.min(top, sameSet ? g.size() - 1 : g.size());
        if (k < 1) {
            throw new PairvizException("the gallery has no item to match");
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int[] need = new int[queries.size()];
        Arrays.fill(need, k);
        Broadcast<int[]> needs = sc.broadcast(need);
        JavaRDD<EmbeddingSet.Block> qBlocks = queries.blocks(spark, blockSize).cache();
        JavaRDD<EmbeddingSet.Block> gBlocks = sameSet ? qBlocks : g.blocks(spark, blockSize).cache();
        int tasks = SparkRetrieval.blocks(queries.size(), blockSize) * SparkRetrieval.blocks(g.size(), blockSize);
        List<Tuple2<Integer, BlockSearch.Rankings>> rankings = StageProgress.run(sc, "spark explain", "search", tasks,
                "block pair", () -> BlockSearch.search(qBlocks, gBlocks, sameSet, needs).sortByKey().collect());
        qBlocks.unpersist();
        gBlocks.unpersist();
        List<Match> out = new ArrayList<>();
        for (Tuple2<Integer, BlockSearch.Rankings> t : rankings) {
            BlockSearch.Rankings r = t._2();
            for (int i = 0; i < r.items().length; i++) {
                int q = r.first() + i;
                for (int j = 0; j < r.items()[i].length; j++) {
                    int m = r.items()[i][j];
                    out.add(new Match(q, queries.paths().get(q), queries.labels().get(q), j + 1, g.paths().get(m),
                            g.labels().get(m), r.sims()[i][j]));
                }
            }
        }
        return out;
    }

    /**
     * The paired maps of every match, in {@code partitions} tasks (consecutive matches together,
     * so that a query's features are computed once per task), as rows of {@link #SCHEMA}; a pair
     * whose image cannot be read gets a row with its error and no maps.
     */
    public static Dataset<Row> explain(SparkSession spark, List<Match> matches, ModelSpec model, int partitions) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> rows = sc.parallelize(matches, partitions).mapPartitions(it -> explainAll(model, it));
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static Iterator<Row> explainAll(ModelSpec spec, Iterator<Match> matches) {
        EmbeddingModel model = spec.model();
        ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(model, ExplainOptions.DEFAULT),
                spec.preprocessing(), spec.batch(), 4 * spec.batch());
        PairExplainer explainer = new PairExplainer(ExplainOptions.DEFAULT);
        List<Row> out = new ArrayList<>();
        while (matches.hasNext()) {
            Match m = matches.next();
            Object[] common = {m.queryPath(), m.queryLabel(), m.rank(), m.match(), m.matchLabel(), m.similarity()};
            Object[] rest;
            try {
                PairExplanation e = explainer.explain(embedder.features(Path.of(m.queryPath())),
                        embedder.features(Path.of(m.match())));
                rest = new Object[] {e.score(), e.mapA().rows(), e.mapA().cols(), e.mapA().values(), e.mapB().values(), null};
            } catch (PairvizException | UncheckedIOException e) {
                rest = new Object[] {null, null, null, null, null, e.getMessage()};
            }
            Object[] values = Arrays.copyOf(common, common.length + rest.length);
            System.arraycopy(rest, 0, values, common.length, rest.length);
            out.add(RowFactory.create(values));
        }
        return out.iterator();
    }
}

package pairviz.spark;

import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import pairviz.PairvizException;
import pairviz.explain.ExplainOptions;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.loading.EmbeddingModel;
import pairviz.session.ExplainSession;

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
     * Every query's matches, on the cluster (never collected): {@link #count} pairs, queries
     * numbered {@code 0..queries-1} in the queries' order.
     */
    public record Matches(JavaRDD<Match> rdd, int queries, long count) {
        /** The matches on the driver, query by query, best first (for small sets: tests). */
        public List<Match> collect() {
            List<Match> out = new ArrayList<>(rdd.collect());
            out.sort(Comparator.comparingInt(Match::query).thenComparingInt(Match::rank));
            return out;
        }
    }

    /**
     * The top {@code top} matches of every query, computed and kept on the cluster (persisted:
     * {@link Matches#rdd} is read twice at most; unpersist it when done).
     *
     * @param gallery null: the queries are the gallery (a query is not its own match)
     */
    public static Matches topMatches(SparkSession spark, EmbeddingSet queries, EmbeddingSet gallery, int top,
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
        Broadcast<String[][]> names = sc.broadcast(new String[][] {queries.paths().toArray(String[]::new),
                queries.labels().toArray(String[]::new), g.paths().toArray(String[]::new), g.labels().toArray(String[]::new)});
        JavaRDD<EmbeddingSet.Block> qBlocks = queries.blocks(spark, blockSize).cache();
        JavaRDD<EmbeddingSet.Block> gBlocks = sameSet ? qBlocks : g.blocks(spark, blockSize).cache();
        int tasks = SparkRetrieval.blocks(queries.size(), blockSize) * SparkRetrieval.blocks(g.size(), blockSize);
        JavaRDD<Match> matches = BlockSearch.search(qBlocks, gBlocks, sameSet, needs).values().flatMap(r -> {
            String[][] n = names.value();
            List<Match> out = new ArrayList<>();
            for (int i = 0; i < r.items().length; i++) {
                int q = r.first() + i;
                for (int j = 0; j < r.items()[i].length; j++) {
                    int m = r.items()[i][j];
                    out.add(new Match(q, n[0][q], n[1][q], j + 1, n[2][m], n[3][m], r.sims()[i][j]));
                }
            }
            return out.iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK());
        long count = StageProgress.run(sc, "spark explain", "search", tasks, "block pair", matches::count);
        qBlocks.unpersist();
        gBlocks.unpersist();
        return new Matches(matches, queries.size(), count);
    }

    /**
     * The paired maps of every match, in {@code partitions} tasks, each of consecutive queries
     * with all their matches (a query's features are computed once per task), as rows of
     * {@link #SCHEMA}; a pair whose image cannot be read gets a row with its error and no maps.
     */
    public static Dataset<Row> explain(SparkSession spark, Matches matches, ModelSpec model, int partitions) {
        int queries = matches.queries();
        Broadcast<SerializableConfiguration> conf = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        JavaRDD<Row> rows = matches.rdd().keyBy(Match::query).partitionBy(new QueryRanges(partitions, queries)).values()
                .mapPartitions(it -> {
                    List<Match> part = new ArrayList<>();
                    it.forEachRemaining(part::add);
                    part.sort(Comparator.comparingInt(Match::query).thenComparingInt(Match::rank));
                    return explainAll(model, part.iterator(), conf.value().value());
                });
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** Consecutive queries together: query q goes to task q x partitions / queries. */
    private static final class QueryRanges extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;
        private final int queries;

        QueryRanges(int partitions, int queries) {
            this.partitions = partitions;
            this.queries = queries;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (int) ((long) (Integer) key * partitions / queries);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof QueryRanges r && r.partitions == partitions && r.queries == queries;
        }

        @Override
        public int hashCode() {
            return 31 * partitions + queries;
        }
    }

    private static Iterator<Row> explainAll(ModelSpec spec, Iterator<Match> matches, org.apache.hadoop.conf.Configuration conf) {
        EmbeddingModel model = spec.model();
        ImageEmbedder embedder = ExplainSession.embedder(model, ExplainOptions.DEFAULT, spec.batch(), 0);
        PairExplainer explainer = new PairExplainer(ExplainOptions.DEFAULT);
        List<Row> out = new ArrayList<>();
        try (LocalImages local = new LocalImages(conf)) { // images on a Hadoop file system: copied here once per task
            while (matches.hasNext()) {
                Match m = matches.next();
                Object[] common = {m.queryPath(), m.queryLabel(), m.rank(), m.match(), m.matchLabel(), m.similarity()};
                Object[] rest;
                Path a = null;
                Path b = null;
                try {
                    a = local.of(m.queryPath());
                    b = local.of(m.match());
                    PairExplanation e = explainer.explain(embedder.features(a), embedder.features(b));
                    rest = new Object[] {e.score(), e.mapA().rows(), e.mapA().cols(), e.mapA().values(), e.mapB().values(), null};
                } catch (PairvizException | UncheckedIOException e) {
                    String said = e.getMessage();
                    said = a == null ? said : LocalImages.message(said, a, m.queryPath());
                    said = b == null ? said : LocalImages.message(said, b, m.match());
                    rest = new Object[] {null, null, null, null, null, said};
                }
                Object[] values = Arrays.copyOf(common, common.length + rest.length);
                System.arraycopy(rest, 0, values, common.length, rest.length);
                out.add(RowFactory.create(values));
            }
        }
        return out.iterator();
    }
}

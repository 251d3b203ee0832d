package pairviz.spark.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import pairviz.PairvizException;
import pairviz.cli.ModelMixin;
import pairviz.cli.OutputNames;
import pairviz.cli.PairPictures;
import pairviz.explain.ExplainOptions;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.Heatmap;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplanation;
import pairviz.loading.EmbeddingModel;
import pairviz.render.Colormap;
import pairviz.spark.EmbeddingSet;
import pairviz.spark.EmbeddingTable;
import pairviz.spark.ExplainJob;
import pairviz.spark.StageProgress;
import pairviz.spark.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pairviz spark explain}: each query's top K matches and their paired maps, as rows; pictures of a few. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Each query's top K matches with their paired maps, as rows.",
            "Finds each query's top K gallery matches (exact search) and explains every pair with",
            "paired similarity maps (the default method), on Spark. Writes DIR/pairs (Parquet: query, rank,",
            "match, similarity, score, grid, both maps) and DIR/pictures (PNG) for the first --pictures queries."})
public final class SparkExplainCommand implements Callable<Integer> {
    /** Pairs per partition unless --partitions says otherwise. */
    static final int PARTITION_PAIRS = 64;

    @Mixin ModelMixin model;
    @Mixin SessionMixin session;

    @Option(names = "--queries", required = true, paramLabel = "Q", description = "Query embeddings (pairviz spark embed's folder).")
    String queries;

    @Option(names = "--gallery", required = true, paramLabel = "DIR", description = "Gallery embeddings (may be the queries' folder: a query is then not its own match).")
    String gallery;

    @Option(names = "--top", defaultValue = "5", paramLabel = "K", description = "Matches per query. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (new or empty).")
    Path out;

    @Option(names = "--pictures", defaultValue = "4", paramLabel = "N", description = "Draw the pairs of the first N queries. Default: ${DEFAULT-VALUE}.")
    int pictures;

    @Option(names = "--partitions", paramLabel = "N", description = "Tasks of the explain stage. Default: one per " + PARTITION_PAIRS + " pairs.")
    Integer partitions;

    @Option(names = "--block-size", defaultValue = "4096", paramLabel = "B", description = "Embeddings per block of the search. Default: ${DEFAULT-VALUE}.")
    int blockSize;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new PairvizException("--top must be at least 1, not " + top);
        }
        if (pictures < 0 || blockSize < 1 || (partitions != null && partitions < 1)) {
            throw new PairvizException("--pictures must not be negative, --block-size and --partitions must be at least 1");
        }
        if (Files.exists(out) && (!Files.isDirectory(out) || out.toFile().list().length > 0)) {
            throw new PairvizException("--out " + out + " is not a new or empty folder");
        }
        Path weights = model.weights().toAbsolutePath();
        session.run("explain", spark -> {
            try (EmbeddingModel m = model.load()) {
                ModelSpec spec = ModelSpec.ship(spark.sparkContext(), m, model.options(), model.batch());
                EmbeddingSet q = EmbeddingSet.read(spark, queries, "queries");
                boolean same = Path.of(queries).toAbsolutePath().normalize().equals(Path.of(gallery).toAbsolutePath().normalize());
                EmbeddingSet g = same ? null : EmbeddingSet.read(spark, gallery, "gallery");
                List<ExplainJob.Match> matches = ExplainJob.topMatches(spark, q, g, top, blockSize);
                int parts = partitions != null ? partitions : Math.max(1, (matches.size() + PARTITION_PAIRS - 1) / PARTITION_PAIRS);
                Path pairs = out.resolve("pairs");
                StageProgress.run(JavaSparkContext.fromSparkContext(spark.sparkContext()), "spark explain", "explain", parts, "partition", () -> {
                    ExplainJob.explain(spark, matches, spec, Math.min(parts, matches.size())).write().parquet(pairs.toString());
                    return null;
                });
                draw(spark, m, pairs, matches);
            }
            return null;
        });
        return 0;
    }

    /** Pictures of the first --pictures queries' pairs, from the rows written. */
    private void draw(SparkSession spark, EmbeddingModel m, Path pairs, List<ExplainJob.Match> matches) {
        Set<String> chosen = new LinkedHashSet<>();
        for (ExplainJob.Match x : matches) {
            if (chosen.size() == pictures && !chosen.contains(x.queryPath())) {
                break;
            }
            chosen.add(x.queryPath());
        }
        List<Row> rows = spark.read().parquet(pairs.toString()).collectAsList();
        long failed = rows.stream().filter(r -> !r.isNullAt(r.fieldIndex("error"))).count();
        List<Row> drawn = new ArrayList<>(rows.stream()
                .filter(r -> chosen.contains(r.getString(r.fieldIndex("query"))) && r.isNullAt(r.fieldIndex("error"))).toList());
        Path dir = out.resolve("pictures");
        if (!drawn.isEmpty()) {
            List<Path> images = new ArrayList<>();
            drawn.forEach(r -> {
                images.add(Path.of(r.getString(r.fieldIndex("query"))));
                images.add(Path.of(r.getString(r.fieldIndex("match"))));
            });
            ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(m, ExplainOptions.DEFAULT),
                    m.preprocessing(), 1, 0);
            PairPictures painter = new PairPictures(embedder, Colormap.JET, false, OutputNames.of(images));
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot make " + dir + ": " + e.getMessage(), e);
            }
            for (Row r : drawn) {
                int rowsN = r.getInt(r.fieldIndex("grid_rows"));
                int colsN = r.getInt(r.fieldIndex("grid_cols"));
                Heatmap a = new Heatmap(rowsN, colsN, EmbeddingTable.floats(r.getList(r.fieldIndex("query_map"))));
                Heatmap b = new Heatmap(rowsN, colsN, EmbeddingTable.floats(r.getList(r.fieldIndex("match_map"))));
                Path qa = Path.of(r.getString(r.fieldIndex("query")));
                Path mb = Path.of(r.getString(r.fieldIndex("match")));
                painter.write(qa, mb, new PairExplanation(qa.toString(), mb.toString(), r.getDouble(r.fieldIndex("score")),
                        a, b, ExplainOptions.DEFAULT, false, Double.NaN, Double.NaN), dir);
            }
        }
        System.out.printf("%d pairs of %d queries explained in %s%s; pictures of %d queries in %s%n", rows.size(),
                rows.stream().map(r -> r.getString(0)).distinct().count(), out.resolve("pairs"),
                failed == 0 ? "" : " (" + failed + " failed: see their error column)", drawn.isEmpty() ? 0 : chosen.size(), dir);
    }
}

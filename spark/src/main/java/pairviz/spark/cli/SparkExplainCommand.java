package pairviz.spark.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import pairviz.PairvizException;
import pairviz.cli.ModelMixin;
import pairviz.cli.OutputNames;
import pairviz.cli.PairPictures;
import pairviz.explain.ExplainOptions;
import pairviz.explain.Heatmap;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplanation;
import pairviz.loading.EmbeddingModel;
import pairviz.render.Colormap;
import pairviz.session.ExplainSession;
import pairviz.spark.EmbeddingSet;
import pairviz.spark.EmbeddingTable;
import pairviz.spark.ExplainJob;
import pairviz.spark.LocalImages;
import pairviz.spark.StageProgress;
import pairviz.spark.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder (new or empty; a local path or a Hadoop URI): DIR/pairs and DIR/pictures.")
    String out;

    @Option(names = "--pictures", defaultValue = "4", paramLabel = "N", description = "Draw the pairs of the first N queries. Default: ${DEFAULT-VALUE}.")
    int pictures;

    @Option(names = "--partitions", paramLabel = "N", description = "Tasks of the explain stage. Default: one per " + PARTITION_PAIRS + " pairs.")
    Integer partitions;

    @Option(names = "--block-size", defaultValue = "4096", paramLabel = "B", description = "Embeddings per block of the search. Default: ${DEFAULT-VALUE}.")
    int blockSize;

    @Spec CommandSpec command;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new PairvizException("--top must be at least 1, not " + top);
        }
        if (pictures < 0 || blockSize < 1 || (partitions != null && partitions < 1)) {
            throw new PairvizException("--pictures must not be negative, --block-size and --partitions must be at least 1");
        }
        String weightsWords = Locations.original(command, "--weights");
        session.check("--out", out, "--queries", queries, "--gallery", gallery, "--weights", weightsWords);
        session.run("explain", spark -> {
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(out);
            requireNewFolder(dir, hadoop);
            if (Locations.remote(weightsWords)) {
                command.findOption("--weights").setValue(Locations.fetchModel("--weights", weightsWords, hadoop));
            }
            try (EmbeddingModel m = model.load()) {
                ModelSpec spec = ModelSpec.ship(spark.sparkContext(), m, model.options(), model.batch());
                EmbeddingSet q = EmbeddingSet.read(spark, queries, "queries");
                boolean same = qualified(queries, hadoop).equals(qualified(gallery, hadoop));
                EmbeddingSet g = same ? null : EmbeddingSet.read(spark, gallery, "gallery");
                ExplainJob.Matches matches = ExplainJob.topMatches(spark, q, g, top, blockSize);
                int parts = (int) Math.min(matches.queries(), partitions != null ? partitions
                        : Math.max(1, (matches.count() + PARTITION_PAIRS - 1) / PARTITION_PAIRS));
                String pairs = new org.apache.hadoop.fs.Path(dir, "pairs").toString();
                StageProgress.run(JavaSparkContext.fromSparkContext(spark.sparkContext()), "spark explain", "explain", parts, "partition", () -> {
                    ExplainJob.explain(spark, matches, spec, parts).write().parquet(pairs);
                    return null;
                });
                matches.rdd().unpersist();
                List<String> chosen = q.paths().subList(0, Math.min(pictures, q.size()));
                Dataset<Row> written = spark.read().parquet(pairs);
                long failed = written.where(written.col("error").isNotNull()).count();
                int drawn = draw(spark, m, written, chosen, new org.apache.hadoop.fs.Path(dir, "pictures"), hadoop);
                System.out.printf("%d pairs of %d queries explained in %s%s; pictures of %d queries in %s%n", matches.count(),
                        matches.queries(), pairs, failed == 0 ? "" : " (" + failed + " failed: see their error column)", drawn,
                        new org.apache.hadoop.fs.Path(dir, "pictures"));
            }
            return null;
        });
        return 0;
    }

    /** Refuses an --out that is a file or a folder with anything in it. */
    private static void requireNewFolder(org.apache.hadoop.fs.Path dir, Configuration hadoop) {
        try {
            FileSystem fs = dir.getFileSystem(hadoop);
            if (fs.exists(dir) && (!fs.getFileStatus(dir).isDirectory() || fs.listStatus(dir).length > 0)) {
                throw new PairvizException("--out " + dir + " is not a new or empty folder");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot use " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@code where} as its file system names it (a relative path, file: URI and absolute path alike). */
    private static String qualified(String where, Configuration hadoop) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(where);
        try {
            return p.getFileSystem(hadoop).makeQualified(p).toString().replaceFirst("/+$", "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot use " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Pictures of the pairs of the {@code chosen} queries only: their rows read back (a filter
     * the Parquet reader applies: the other rows' maps are never brought here), drawn here and
     * written under {@code dir} (through a local folder when it lies on another file system).
     *
     * @return the number of queries drawn
     */
    private int draw(SparkSession spark, EmbeddingModel m, Dataset<Row> written, List<String> chosen, org.apache.hadoop.fs.Path dir,
                     Configuration hadoop) {
        if (chosen.isEmpty()) {
            return 0;
        }
        List<Row> drawn = written.where(written.col("query").isin(chosen.toArray()).and(written.col("error").isNull()))
                .orderBy("query", "rank").collectAsList();
        if (drawn.isEmpty()) {
            return 0;
        }
        boolean remote = LocalImages.remote(dir.toString());
        try (LocalImages images = new LocalImages(hadoop)) {
            Path pictures = remote ? java.nio.file.Files.createTempDirectory("pairviz-pictures-")
                    : Path.of(dir.toUri().getPath());
            java.nio.file.Files.createDirectories(pictures);
            List<Path> files = new ArrayList<>();
            drawn.forEach(r -> {
                files.add(images.of(r.getString(r.fieldIndex("query"))));
                files.add(images.of(r.getString(r.fieldIndex("match"))));
            });
            ImageEmbedder embedder = ExplainSession.embedder(m, ExplainOptions.DEFAULT, 1, 0);
            PairPictures painter = new PairPictures(embedder, Colormap.JET, false, OutputNames.of(files));
            for (int i = 0; i < drawn.size(); i++) {
                Row r = drawn.get(i);
                int rowsN = r.getInt(r.fieldIndex("grid_rows"));
                int colsN = r.getInt(r.fieldIndex("grid_cols"));
                Heatmap a = new Heatmap(rowsN, colsN, EmbeddingTable.floats(r.getList(r.fieldIndex("query_map"))));
                Heatmap b = new Heatmap(rowsN, colsN, EmbeddingTable.floats(r.getList(r.fieldIndex("match_map"))));
                Path qa = files.get(2 * i);
                Path mb = files.get(2 * i + 1);
                painter.write(qa, mb, new PairExplanation(r.getString(r.fieldIndex("query")), r.getString(r.fieldIndex("match")),
                        r.getDouble(r.fieldIndex("score")), a, b, ExplainOptions.DEFAULT, false, Double.NaN, Double.NaN), pictures);
            }
            if (remote) {
                FileSystem fs = dir.getFileSystem(hadoop);
                try (var made = java.nio.file.Files.list(pictures)) {
                    for (Path f : made.toList()) {
                        fs.copyFromLocalFile(true, true, new org.apache.hadoop.fs.Path(f.toUri()), new org.apache.hadoop.fs.Path(dir, f.getFileName().toString()));
                    }
                }
                java.nio.file.Files.deleteIfExists(pictures);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the pictures in " + dir + ": " + e.getMessage(), e);
        }
        return (int) drawn.stream().map(r -> r.getString(r.fieldIndex("query"))).distinct().count();
    }
}

package pairviz.spark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import pairviz.PairvizException;
import pairviz.cli.DataMixin;
import pairviz.cli.ModelMixin;
import pairviz.loading.EmbeddingModel;
import pairviz.spark.EmbedJob;
import pairviz.spark.EmbeddingTable;
import pairviz.spark.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pairviz spark embed}: a dataset's embeddings as Parquet, partition by partition, resumable. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embeds a dataset's images as Parquet rows; a rerun resumes.",
            "One Parquet file per partition in DIR, rows (index, path, label, embedding); unreadable images",
            "listed in DIR/_unreadable. A rerun finishes a killed one, skipping the partitions already written."})
public final class SparkEmbedCommand implements Callable<Integer> {
    /** Images per partition unless --partitions says otherwise. */
    static final int PARTITION_IMAGES = 256;

    @Mixin ModelMixin model;
    @Mixin DataMixin data;
    @Mixin SessionMixin session;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (a local path or a Hadoop URI).")
    String out;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of the images (tasks). Default: one per task slot (spark.default.parallelism, else "
                    + "spark.cores.max, else executor instances x cores, else Spark's default parallelism), more when a partition "
                    + "would hold over " + PARTITION_IMAGES + " images; a rerun keeps the partitions of the run it resumes.")
    Integer partitions;

    @Override
    public Integer call() {
        session.check("--out", out);
        List<EmbedJob.Image> images = EmbedJob.images(data.samples());
        if (partitions != null && (partitions < 1 || partitions > images.size())) {
            throw new PairvizException("--partitions must be between 1 and the number of images (" + images.size()
                    + "), not " + partitions);
        }
        EmbedJob.Outcome o = session.run("embed", spark -> {
            int parts = partitions != null ? partitions : defaultPartitions(spark, images.size());
            String described;
            ModelSpec spec;
            Map<String, String> files;
            try (EmbeddingModel m = model.load()) {
                described = m.config().describe();
                files = digests(m.reading().files());
                spec = ModelSpec.ship(spark.sparkContext(), m, model.options(), model.batch());
            }
            System.err.printf("pairviz spark embed: %d images, %d partitions%s, %s on %s%n", images.size(), parts,
                    partitions != null ? "" : " (" + partitionsSaid + "; --partitions sets them)", described,
                    spark.sparkContext().master());
            return new EmbedJob(spark, spec).run(images, parts, identity(files, spec, images), new org.apache.hadoop.fs.Path(out));
        });
        report(o);
        return 0;
    }

    /** Where the default number of partitions came from, for the run's first line. */
    private String partitionsSaid = "";
    private String slotsSaid = "";

    /**
     * The tasks the session can run at once: spark.default.parallelism when set, else the cores
     * the configuration asks for (spark.cores.max on a standalone cluster, spark.executor.instances
     * x spark.executor.cores on YARN and Kubernetes), else Spark's default parallelism now
     * ({@code now}: in local mode its threads; on a cluster the cores of the executors registered
     * so far, which may be fewer than will come).
     */
    int taskSlots(org.apache.spark.SparkConf conf, int now) {
        if (conf.contains("spark.default.parallelism")) {
            slotsSaid = "spark.default.parallelism";
            return conf.getInt("spark.default.parallelism", now);
        }
        if (conf.contains("spark.cores.max")) {
            slotsSaid = "spark.cores.max";
            return conf.getInt("spark.cores.max", now);
        }
        if (conf.contains("spark.executor.instances") && conf.contains("spark.executor.cores")) {
            slotsSaid = "spark.executor.instances x spark.executor.cores";
            return conf.getInt("spark.executor.instances", 1) * conf.getInt("spark.executor.cores", 1);
        }
        slotsSaid = "Spark's default parallelism";
        return now;
    }

    /**
     * The partitions of a run without --partitions: those of the run it resumes, else enough for
     * every task slot of the session (Spark's default parallelism: spark.default.parallelism, or
     * the executors' cores) and at most {@link #PARTITION_IMAGES} images each, never more than the
     * images.
     */
    private int defaultPartitions(org.apache.spark.sql.SparkSession spark, int images) {
        java.util.OptionalInt earlier = EmbedJob.earlierPartitions(spark, new org.apache.hadoop.fs.Path(out));
        if (earlier.isPresent()) {
            partitionsSaid = "as the run it resumes";
            return earlier.getAsInt();
        }
        int slots = taskSlots(spark.sparkContext().getConf(), spark.sparkContext().defaultParallelism());
        partitionsSaid = "one per task slot: " + slotsSaid + " " + slots + ", at most " + PARTITION_IMAGES + " images each";
        return Math.min(images, Math.max(slots, (images + PARTITION_IMAGES - 1) / PARTITION_IMAGES));
    }

    private void report(EmbedJob.Outcome o) {
        List<EmbeddingTable.Unreadable> bad = o.unreadable();
        if (!bad.isEmpty()) {
            System.err.printf("pairviz: skipped %d unreadable %s (listed in %s/_unreadable): %s%n", bad.size(),
                    bad.size() == 1 ? "image" : "images", out, String.join(", ", bad.stream().limit(20)
                            .map(u -> pairviz.eval.DatasetEmbedder.skippedLine(u.path(), u.problem())).toList()) + (bad.size() > 20 ? ", ..." : ""));
        }
        System.out.printf("%d embeddings in %s (%d partitions%s)%n", o.embedded(), out, o.partitions(),
                o.resumed() == 0 ? "" : ", " + o.resumed() + " of them from an earlier run");
    }

    /**
     * What must not change for a folder to be resumed: the model's files by content (the same
     * bytes from another checkout or host resume), how it runs, and the images.
     */
    private static Map<String, Object> identity(Map<String, String> files, ModelSpec spec, List<EmbedJob.Image> images) {
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("model_files_sha256", files);
        id.put("model", spec.toString());
        id.put("images_sha256", digest(images));
        return id;
    }

    /** The SHA-256 of each file, by its name (the model file first, as the loader read them). */
    static Map<String, String> digests(List<Path> files) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path f : files) {
            try (var in = new java.security.DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                out.put(f.getFileName().toString(), HexFormat.of().formatHex(in.getMessageDigest().digest()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** A digest of the images' absolute paths (the same names in another folder are other images) and labels, in order. */
    private static String digest(List<EmbedJob.Image> images) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (EmbedJob.Image i : images) {
                md.update((Path.of(i.path()).toAbsolutePath() + "\t" + i.label() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

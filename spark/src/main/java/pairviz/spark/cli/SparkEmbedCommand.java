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
import pairviz.spark.ImageTable;
import pairviz.spark.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code pairviz spark embed}: a dataset's embeddings as Parquet, partition by partition,
 * resumable. The images: a dataset pairviz reads on this machine ({@code --data DIR}, listed here
 * and read by path on the executors), a folder on another Hadoop file system
 * ({@code --data hdfs://...}: listed and read by the cluster, Spark's binaryFile source) or a
 * Parquet table of image bytes ({@code --table}). The checkpoint may lie on a Hadoop file system too.
 */
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

    @Option(names = "--table", paramLabel = "URI",
            description = "Instead of --data: a Parquet table of images (a local path or a Hadoop URI) with a string column path, "
                    + "a binary column content (or bytes) holding each image file's bytes, as Spark's binaryFile source reads "
                    + "them, and a string column label if the images have labels. Images in path order.")
    String table;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Partitions of the images (tasks). Default: one per task slot (spark.default.parallelism, else "
                    + "spark.cores.max, else executor instances x cores, else Spark's default parallelism), more when a partition "
                    + "would hold over " + PARTITION_IMAGES + " images; a rerun keeps the partitions of the run it resumes.")
    Integer partitions;

    @Spec CommandSpec command;

    @Override
    public Integer call() {
        String dataWords = Locations.original(command, "--data");
        String weightsWords = Locations.original(command, "--weights");
        if (table != null && dataWords != null) {
            throw new PairvizException("give --data or --table, not both");
        }
        if (table == null && dataWords == null) {
            throw new PairvizException("give --data (a dataset folder or a Hadoop URI of a folder of images) or --table (a Parquet table of images)");
        }
        // a dataset on another file system than the local one is listed and read by the cluster (binaryFile)
        boolean clusterData = table != null || Locations.remote(dataWords);
        session.check("--out", out, table != null ? "--table" : "--data", table != null ? table : dataWords,
                "--weights", weightsWords);
        if (clusterData) {
            if (dataSubsetGiven()) {
                throw new PairvizException((table != null ? "--table" : "--data " + dataWords) + " is read by the cluster as one "
                        + "set of images, without a train/test split: leave out --subset, --split and --format");
            }
        }
        List<EmbedJob.Image> listed = clusterData ? null : EmbedJob.images(data.samples());
        if (listed != null) {
            checkPartitions(listed.size());
        }
        EmbedJob.Outcome o = session.run("embed", spark -> {
            if (Locations.remote(weightsWords)) {
                command.findOption("--weights").setValue(Locations.fetchModel("--weights", weightsWords,
                        spark.sparkContext().hadoopConfiguration()));
            }
            ImageTable images = !clusterData ? null
                    : table != null ? ImageTable.parquet(spark, table) : ImageTable.files(spark, dataWords);
            List<EmbedJob.Image> all = images == null ? listed : images.images();
            if (images != null) {
                checkPartitions(all.size());
                if (images.leftOut() > 0) {
                    System.err.printf("pairviz spark embed: left out %d files of %s whose names are not images'%n",
                            images.leftOut(), dataWords);
                }
            }
            int parts = partitions != null ? partitions : defaultPartitions(spark, all.size());
            String described;
            ModelSpec spec;
            Map<String, String> files;
            try (EmbeddingModel m = model.load()) {
                described = m.config().describe();
                files = digests(m.reading().files());
                spec = ModelSpec.ship(spark.sparkContext(), m, model.options(), model.batch());
            }
            System.err.printf("pairviz spark embed: %d images, %d partitions%s, %s on %s%n", all.size(), parts,
                    partitions != null ? "" : " (" + partitionsSaid + "; --partitions sets them)", described,
                    spark.sparkContext().master());
            EmbedJob job = new EmbedJob(spark, spec);
            Map<String, Object> identity = identity(files, spec, all);
            org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(out);
            return images == null ? job.run(all, parts, identity, to) : job.run(images, parts, identity, to);
        });
        report(o);
        return 0;
    }

    /** Whether the dataset options that only a dataset read on this machine has were given. */
    private boolean dataSubsetGiven() {
        return Locations.original(command, "--subset") != null || Locations.original(command, "--split") != null
                || Locations.original(command, "--format") != null;
    }

    private void checkPartitions(int images) {
        if (partitions != null && (partitions < 1 || partitions > images)) {
            throw new PairvizException("--partitions must be between 1 and the number of images (" + images
                    + "), not " + partitions);
        }
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
                            .map(u -> pairviz.gallery.DatasetEmbedder.skippedLine(u.path(), u.problem())).toList()) + (bad.size() > 20 ? ", ..." : ""));
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
                String where = Locations.scheme(i.path()) != null ? i.path() : Path.of(i.path()).toAbsolutePath().toString();
                md.update((where + "\t" + i.label() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

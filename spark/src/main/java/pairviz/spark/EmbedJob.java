package pairviz.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.data.Sample;
import pairviz.gallery.DatasetEmbedder;
import pairviz.util.JsonFiles;
import scala.Tuple2;

/**
 * {@code pairviz spark embed}: the images of a dataset, split into partitions of consecutive
 * images, embedded on the executors ({@link DatasetEmbedder#embedChunk}: the core's own
 * preprocessing and forward pass) and written as an {@link EmbeddingTable}, one Parquet file per
 * partition. A rerun of the same job skips the partitions already written; a rerun into the same
 * folder with anything different (checkpoint, data, partitions) is refused, and so is a second
 * run while the first lives ({@link OutputLock}).
 */
public final class EmbedJob {
    /** An image to embed: its position in the dataset's listing, its file and its label. */
    public record Image(long index, String path, String label) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** One partition's images. */
    record Part(int number, List<Image> images) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What a run did.
     *
     * @param partitions  partitions of the job
     * @param resumed     of them, found written by an earlier run
     * @param embedded    rows in the table (images embedded, over all partitions)
     * @param unreadable  images that could not be read, over all partitions
     */
    public record Outcome(int partitions, int resumed, long embedded, List<EmbeddingTable.Unreadable> unreadable) {}

    private final SparkSession spark;
    private final ModelSpec model;
    private final LongAccumulator cpuNanos;

    /** A job running {@code model}, whose checkpoint the session's context has been given with addFile. */
    public EmbedJob(SparkSession spark, ModelSpec model) {
        this(spark, model, null);
    }

    private EmbedJob(SparkSession spark, ModelSpec model, LongAccumulator cpuNanos) {
        this.spark = spark;
        this.model = model;
        this.cpuNanos = cpuNanos;
    }

    /**
     * This job, adding to {@code cpuNanos} the CPU time of the executors' task threads while they
     * embed (nanoseconds; PyTorch's intra-op threads beyond the task's own are not counted: with
     * one PyTorch thread the forward pass runs on the task's thread).
     */
    public EmbedJob measuringCpu(LongAccumulator cpuNanos) {
        return new EmbedJob(spark, model, cpuNanos);
    }

    /** The images of {@code samples} in their order; each must be a file. */
    public static List<Image> images(List<Sample> samples) {
        List<Image> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            String path = s.path().map(Object::toString).orElseThrow(() -> new PairvizException(
                    "spark embed reads images from files, and " + s.id() + " is held in memory: "
                            + "export the dataset as image folders first"));
            out.add(new Image(i, path, s.label()));
        }
        return out;
    }

    /**
     * Embeds {@code images} (files, read by path on the executors) into {@code out} in
     * {@code partitions} partitions.
     *
     * @param identity what the run is (checkpoint, data, options): a folder written by a run of
     *                 another identity is not resumed
     */
    public Outcome run(List<Image> images, int partitions, Map<String, Object> identity, Path out) {
        return run(images, null, partitions, identity, out);
    }

    /**
     * Embeds the images of {@code table} (their bytes read on the executors, each partition's
     * brought together by a shuffle) into {@code out} in {@code partitions} partitions.
     */
    public Outcome run(ImageTable table, int partitions, Map<String, Object> identity, Path out) {
        return run(table.images(), table.content(), partitions, identity, out);
    }

    private Outcome run(List<Image> images, Dataset<Row> content, int partitions, Map<String, Object> identity, Path out) {
        if (partitions < 1 || partitions > images.size()) {
            throw BadParameterException.of("partitions", "must be between 1 and the number of images ("
                    + images.size() + "), not " + partitions);
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        try {
            FileSystem fs = out.getFileSystem(sc.hadoopConfiguration());
            Map<String, Object> manifest = new LinkedHashMap<>(identity);
            manifest.put("images", images.size());
            manifest.put("partitions", partitions);
            claim(fs, out, manifest);
            try (OutputLock lock = OutputLock.take(fs, out)) {
                EmbeddingTable.dropIncomplete(fs, out);
                List<Integer> done = EmbeddingTable.donePartitions(fs, out);
                List<Part> pending = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    if (!done.contains(p)) {
                        pending.add(new Part(p, new ArrayList<>(images.subList(first(p, partitions, images.size()),
                                first(p + 1, partitions, images.size())))));
                    }
                }
                if (!done.isEmpty()) {
                    System.err.printf("pairviz spark embed: %d of %d partitions were written by an earlier run; embedding the other %d%n",
                            done.size(), partitions, pending.size());
                }
                if (!pending.isEmpty()) {
                    Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
                    ModelSpec spec = model;
                    String dir = out.toString();
                    LongAccumulator cpu = cpuNanos;
                    StageProgress.run(sc, "spark embed", "embed", content == null ? pending.size() : partitions, "partition", () -> {
                        if (content == null) {
                            sc.parallelize(pending, pending.size()).foreach(part -> measured(cpu, () -> {
                                try (LocalImages local = new LocalImages(conf.value().value())) {
                                    embed(spec, part, part.images().stream().map(i -> local.of(i.path())).toList(),
                                            conf.value().value(), new Path(dir));
                                }
                            }));
                        } else {
                            embedTable(sc, content, images, pending, partitions, spec, conf, dir, cpu);
                        }
                        return null;
                    });
                }
                EmbeddingTable.dropIncomplete(fs, out);
                long rows = spark.read().parquet(out.toString()).count();
                return new Outcome(partitions, done.size(), rows, EmbeddingTable.unreadable(fs, out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * The pending partitions of a table's images: each row's bytes go to the task of its image's
     * partition (a shuffle), which writes them as local files for the core's reader and embeds them.
     */
    private static void embedTable(JavaSparkContext sc, Dataset<Row> content, List<Image> images, List<Part> pending,
                                   int partitions, ModelSpec spec, Broadcast<SerializableConfiguration> conf, String dir,
                                   LongAccumulator cpu) {
        int n = images.size();
        HashMap<String, Integer> indices = new HashMap<>();
        images.forEach(i -> indices.put(i.path(), (int) i.index()));
        HashMap<Integer, Part> parts = new HashMap<>();
        pending.forEach(p -> parts.put(p.number(), p));
        Broadcast<HashMap<String, Integer>> index = sc.broadcast(indices);
        Broadcast<HashMap<Integer, Part>> todo = sc.broadcast(parts);
        content.javaRDD().flatMapToPair(r -> {
            Integer i = index.value().get(r.getString(0));
            int p = i == null ? -1 : partOf(i, partitions, n);
            return i == null || !todo.value().containsKey(p) ? java.util.Collections.emptyIterator()
                    : List.of(new Tuple2<>(p, new Tuple2<>(i, (byte[]) r.get(1)))).iterator();
        }).partitionBy(new PartitionNumber(partitions)).foreachPartition(rows -> {
            Part part = todo.value().get(TaskContext.getPartitionId());
            if (part == null) {
                return; // written by an earlier run
            }
            Map<Integer, byte[]> bytes = new HashMap<>();
            rows.forEachRemaining(t -> bytes.put(t._2()._1(), t._2()._2()));
            measured(cpu, () -> {
                try (LocalImages local = new LocalImages(conf.value().value())) {
                    // an image listed but gone from the table when read: no file, the reader says so
                    embed(spec, part, part.images().stream().map(i -> local.of(i.path(), bytes.get((int) i.index()))).toList(),
                            conf.value().value(), new Path(dir));
                }
            });
        });
    }

    /** Runs {@code work} on this thread, adding its CPU time to {@code cpu} (if any). */
    private static void measured(LongAccumulator cpu, Runnable work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        work.run();
        if (cpu != null) {
            cpu.add(threads.getCurrentThreadCpuTime() - start);
        }
    }

    /** Each key is its own partition's number (the embed partitions of a table's rows). */
    private static final class PartitionNumber extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;

        PartitionNumber(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PartitionNumber p && p.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }

    /**
     * The partitions of the run whose folder {@code out} is (its manifest's), if it is one: a
     * rerun that names none resumes with them.
     */
    public static OptionalInt earlierPartitions(SparkSession spark, Path out) {
        try {
            FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Path file = new Path(out, EmbeddingTable.MANIFEST);
            if (!fs.exists(file)) {
                return OptionalInt.empty();
            }
            try (var in = fs.open(file)) {
                Object p = JsonFiles.MAPPER.readValue(in.readAllBytes(), Map.class).get("partitions");
                return p instanceof Number n ? OptionalInt.of(n.intValue()) : OptionalInt.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + out + ": " + e.getMessage(), e);
        }
    }

    /** The first image of partition {@code p}: partitions are consecutive and differ by at most one image. */
    static int first(int p, int partitions, int images) {
        return (int) ((long) p * images / partitions);
    }

    /** The partition of image {@code i}: the last whose {@link #first} is at most {@code i}. */
    static int partOf(int i, int partitions, int images) {
        return (int) (((long) (i + 1) * partitions - 1) / images);
    }

    /** On an executor: embeds one partition, its images read from {@code files}, and writes its file. */
    private static void embed(ModelSpec spec, Part part, List<java.nio.file.Path> files, org.apache.hadoop.conf.Configuration conf,
                              Path dir) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            samples.add(Sample.ofFile(files.get(i), part.images().get(i).label()));
        }
        DatasetEmbedder.Chunk chunk = new DatasetEmbedder(spec.model(), spec.preprocessing(), spec.batch(), spec.batch())
                .embedChunk(samples);
        List<EmbeddingTable.Row> rows = new ArrayList<>();
        List<EmbeddingTable.Unreadable> unreadable = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Image image = part.images().get(i);
            float[] e = chunk.rows().get(i);
            if (e == null) {
                unreadable.add(new EmbeddingTable.Unreadable(image.path(),
                        LocalImages.message(chunk.errors().get(i), files.get(i), image.path())));
            } else {
                rows.add(new EmbeddingTable.Row(image.index(), image.path(), image.label(), e));
            }
        }
        EmbeddingTable.writePartition(conf, dir, part.number(), rows, unreadable);
    }

    /**
     * Makes {@code out} this run's folder: a new or empty folder gets the manifest; a folder
     * with this run's manifest is resumed; anything else is refused.
     */
    private static void claim(FileSystem fs, Path out, Map<String, Object> manifest) throws IOException {
        Path file = new Path(out, EmbeddingTable.MANIFEST);
        if (fs.exists(file)) {
            Map<?, ?> earlier;
            try (var in = fs.open(file)) {
                earlier = JsonFiles.MAPPER.readValue(in.readAllBytes(), Map.class);
            }
            Map<?, ?> now = JsonFiles.MAPPER.readValue(JsonFiles.MAPPER.writeValueAsBytes(manifest), Map.class);
            for (Object key : now.keySet()) {
                if (!Objects.equals(now.get(key), earlier.get(key))) {
                    throw new BadParameterException("{out} " + out + " holds embeddings of another run (" + key + " was "
                            + earlier.get(key) + ", now " + now.get(key) + "): give another --out, or delete it");
                }
            }
            return;
        }
        if (fs.exists(out)) {
            if (!fs.getFileStatus(out).isDirectory()) {
                throw new BadParameterException("{out} " + out + " is a file; name a folder");
            }
            FileStatus[] inside = fs.listStatus(out);
            if (inside.length > 0) {
                throw new BadParameterException("{out} " + out + " is not empty and was not written by pairviz spark embed");
            }
        }
        fs.mkdirs(out);
        Path tmp = new Path(out, EmbeddingTable.MANIFEST + ".tmp");
        try (OutputStream o = fs.create(tmp, true)) {
            o.write(JsonFiles.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        }
        if (!fs.rename(tmp, file)) {
            throw new IOException("cannot rename " + tmp + " to " + file);
        }
    }
}

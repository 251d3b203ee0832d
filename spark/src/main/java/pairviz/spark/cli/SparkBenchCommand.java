package pairviz.spark.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import pairviz.PairvizException;
import pairviz.cli.DataMixin;
import pairviz.cli.ModelMixin;
import pairviz.data.Sample;
import pairviz.gallery.DatasetEmbedder;
import pairviz.gallery.ExactSearch;
import pairviz.store.FloatMatrix;
import pairviz.gallery.TopK;
import pairviz.loading.Preset;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.spark.EmbedJob;
import pairviz.spark.ModelSpec;
import pairviz.util.JsonFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pairviz spark bench}: embed throughput on this machine against the partitions of the
 * job (the master and the PyTorch threads are the JVM's: scripts/spark-bench.sh runs one JVM per
 * setting), and a projection of the paper's datasets on a cluster from the measured costs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Throughput here, and a projection onto clusters.",
            "Measures spark embed's throughput against --partitions (in this JVM's --master and",
            "--threads), the per-image cost of the --projection-model and the search's cost per pair, and",
            "projects Hotels-50k, GLDv2 and SOP onto clusters of N executors (scripts/spark-bench.sh)."})
public final class SparkBenchCommand implements Callable<Integer> {
    @Mixin ModelMixin model;
    @Mixin DataMixin data;
    @Mixin SessionMixin session;

    @Option(names = "--partitions", split = ",", defaultValue = "2,4,8", paramLabel = "P",
            description = "Partition counts to measure. Default: ${DEFAULT-VALUE}.")
    int[] partitions;

    @Option(names = "--projection-model", defaultValue = "vit-b16", paramLabel = "PRESET",
            description = "Preset (random weights) whose per-image cost the projection uses. Default: ${DEFAULT-VALUE}.")
    String projectionModel;

    @Option(names = "--projection-images", defaultValue = "16", paramLabel = "N",
            description = "Images timed for the projection model's cost (after 2 of warm-up); 0: no projection. Default: ${DEFAULT-VALUE}.")
    int projectionImages;

    @Option(names = "--executors", split = ",", defaultValue = "8,32,128", paramLabel = "N",
            description = "Cluster sizes to project. Default: ${DEFAULT-VALUE}.")
    int[] executors;

    @Option(names = "--cores", defaultValue = "4", paramLabel = "C",
            description = "Cores (tasks) per executor in the projection. Default: ${DEFAULT-VALUE}.")
    int cores;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    /** The paper's three datasets: images embedded, and queries x gallery searched. */
    record Target(String name, long images, long queries, long gallery) {}

    static final List<Target> TARGETS = List.of(
            // train images as the gallery, the test images querying them
            new Target("Hotels-50k", 1_027_871 + 17_954, 17_954, 1_027_871),
            // the retrieval index and its queries
            new Target("GLDv2 retrieval", 761_757 + 1_129, 1_129, 761_757),
            // every image embedded, the test half querying itself
            new Target("SOP", 120_053, 60_502, 60_502));

    @Override
    public Integer call() {
        Locations.requireLocal(command, "--data", "--weights", "--json");
        List<Sample> samples = data.samples();
        List<EmbedJob.Image> images = EmbedJob.images(samples);
        for (int p : partitions) {
            if (p < 1 || p > images.size()) {
                throw new PairvizException("--partitions must be between 1 and " + images.size() + ", not " + p);
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        session.run("bench", spark -> {
            ModelSpec spec;
            try (EmbeddingModel m = model.load()) {
                report.put("model", m.config().describe());
                spec = ModelSpec.ship(spark.sparkContext(), m, model.options(), model.batch());
            }
            report.put("master", spark.sparkContext().master());
            report.put("threads", executorThreads(spark));
            report.put("images", images.size());
            report.put("throughput", throughput(spark, images, spec));
            return null;
        });
        if (projectionImages < 0 || cores < 1 || java.util.Arrays.stream(executors).anyMatch(n -> n < 1)) {
            throw new PairvizException("--projection-images must not be negative, --cores and --executors must be at least 1");
        }
        if (projectionImages > 0) {
            Map<String, Object> costs = costs(samples);
            report.put("projection_costs", costs);
            report.put("projection", projection(costs));
        }
        print(report);
        if (json != null) {
            JsonFiles.write(json, report);
        }
        return 0;
    }

    /**
     * The PyTorch intra-op threads of the executors: in local mode this JVM's, else what
     * spark.executor.extraJavaOptions sets ({@code --threads} sets it), else PyTorch's default.
     */
    static String executorThreads(SparkSession spark) {
        String property = "-Dai.djl.pytorch.num_threads=";
        if (spark.sparkContext().master().startsWith("local")) {
            return System.getProperty("ai.djl.pytorch.num_threads", "default (all cores)");
        }
        for (String option : spark.sparkContext().getConf().get("spark.executor.extraJavaOptions", "").split("\\s+")) {
            if (option.startsWith(property)) {
                return option.substring(property.length());
            }
        }
        return "default (all cores)";
    }

    /** Images per second of whole embed jobs, one per partition count, after one warm-up job. */
    private List<Map<String, Object>> throughput(SparkSession spark, List<EmbedJob.Image> images, ModelSpec spec) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Path work;
        try {
            work = Files.createTempDirectory("pairviz-spark-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            EmbedJob job = new EmbedJob(spark, spec);
            job.run(images.subList(0, Math.min(images.size(), 2 * partitions[0])), partitions[0], Map.of(),
                    new org.apache.hadoop.fs.Path(work.resolve("warm-up").toString()));
            for (int p : partitions) {
                LongAccumulator taskCpu = spark.sparkContext().longAccumulator("pairviz bench: task CPU ns");
                long start = System.nanoTime();
                double cpu = cpuSeconds();
                job.measuringCpu(taskCpu).run(images, p, Map.of(), new org.apache.hadoop.fs.Path(work.resolve("p" + p).toString()));
                double s = (System.nanoTime() - start) / 1e9;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("partitions", p);
                row.put("seconds", s);
                row.put("images_per_second", images.size() / s);
                // this JVM's CPU: the driver's, and in local mode the executor's too (every thread of the process)
                row.put("cpu_seconds_per_image", (cpuSeconds() - cpu) / images.size());
                // the executors' task threads while they embed, wherever they ran (Spark's accumulator)
                row.put("task_cpu_seconds_per_image", taskCpu.value() / 1e9 / images.size());
                rows.add(row);
            }
        } finally {
            delete(work);
        }
        return rows;
    }

    /** The projection model's seconds per image (this JVM's threads) and the search's seconds per pair (one thread). */
    private Map<String, Object> costs(List<Sample> samples) {
        Map<String, Object> c = new LinkedHashMap<>();
        int dim;
        try (EmbeddingModel m = EmbeddingModel.random(Preset.of(projectionModel).config(ModelOptions.auto()), 42)) {
            DatasetEmbedder embedder = new DatasetEmbedder(m, m.preprocessing(), 1, 1);
            List<Sample> some = new ArrayList<>();
            for (int i = 0; i < projectionImages + 2; i++) {
                some.add(samples.get(i % samples.size()));
            }
            embedder.embedChunk(some.subList(0, 2));
            long start = System.nanoTime();
            double cpu = cpuSeconds();
            embedder.embedChunk(some.subList(2, some.size()));
            c.put("model", m.config().describe());
            c.put("seconds_per_image", (System.nanoTime() - start) / 1e9 / projectionImages);
            c.put("cpu_seconds_per_image", (cpuSeconds() - cpu) / projectionImages);
            dim = m.config().outDim();
        }
        c.put("dimension", dim);
        c.put("seconds_per_pair", searchCost(dim));
        return c;
    }

    /**
     * CPU seconds this process has used, over all its threads: core-seconds, which other
     * processes on a busy machine do not inflate as they inflate wall time.
     */
    static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** One thread's CPU seconds per (query, gallery item) pair of {@link ExactSearch#scan}, top 8 kept. */
    static double searchCost(int dim) {
        Random r = new Random(1);
        int q = ExactSearch.QUERY_BLOCK;
        int g = 8192;
        float[] a = new float[q * dim];
        float[] b = new float[g * dim];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        int[] ids = new int[q];
        FloatMatrix queries = new FloatMatrix(q, dim, a);
        FloatMatrix gallery = new FloatMatrix(g, dim, b);
        double best = Double.MAX_VALUE;
        java.lang.management.ThreadMXBean threadCpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 5; rep++) {
            TopK[] heaps = new TopK[q];
            for (int i = 0; i < q; i++) {
                heaps[i] = new TopK(8);
            }
            long start = threadCpu.getCurrentThreadCpuTime();
            ExactSearch.scan(queries, ids, gallery, 0, false, heaps);
            best = Math.min(best, (threadCpu.getCurrentThreadCpuTime() - start) / 1e9);
        }
        return best / ((double) q * g);
    }

    /** Hours to embed and to search each dataset on each cluster size. */
    private List<Map<String, Object>> projection(Map<String, Object> costs) {
        double perImage = (double) costs.get("cpu_seconds_per_image"); // core-seconds
        double perPair = (double) costs.get("seconds_per_pair");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Target t : TARGETS) {
            for (int n : executors) {
                int slots = n * cores;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("dataset", t.name());
                row.put("images", t.images());
                row.put("executors", n);
                row.put("cores", cores);
                row.put("embed_hours", t.images() * perImage / slots / 3600);
                row.put("search_hours", (double) t.queries() * t.gallery() * perPair / slots / 3600);
                rows.add(row);
            }
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> r) {
        boolean local = String.valueOf(r.get("master")).startsWith("local");
        System.out.printf("spark embed of %s images with %s on %s, executors' PyTorch threads %s%n", r.get("images"), r.get("model"),
                r.get("master"), r.get("threads"));
        System.out.printf("%-11s %9s %9s %16s %16s%n", "partitions", "seconds", "images/s", "task CPU s/image",
                local ? "JVM CPU s/image" : "driver CPU s/img");
        for (Map<String, Object> row : (List<Map<String, Object>>) r.get("throughput")) {
            System.out.printf("%-11d %9.1f %9.1f %16.4f %16.4f%n", row.get("partitions"), row.get("seconds"),
                    row.get("images_per_second"), row.get("task_cpu_seconds_per_image"), row.get("cpu_seconds_per_image"));
        }
        System.out.println("(task CPU: the executors' task threads while embedding, PyTorch's extra intra-op threads not counted; "
                + (local ? "JVM CPU: this one JVM, driver and executor, every thread)" : "driver CPU: this JVM only, not the executors')"));
        Map<String, Object> c = (Map<String, Object>) r.get("projection_costs");
        if (c == null) {
            return;
        }
        System.out.printf("%nprojection from %s:%n  %.3f CPU s per image (%.3f s wall), %.2e CPU s per searched pair (%s-d, one thread)%n",
                c.get("model"), c.get("cpu_seconds_per_image"), c.get("seconds_per_image"), c.get("seconds_per_pair"),
                c.get("dimension"));
        System.out.printf("%-22s %9s %10s %12s %13s%n", "dataset", "images", "executors", "embed (h)", "search (min)");
        for (Map<String, Object> row : (List<Map<String, Object>>) r.get("projection")) {
            System.out.printf("%-22s %9d %6d x %d %12.2f %13.2f%n", row.get("dataset"), row.get("images"),
                    row.get("executors"), row.get("cores"), row.get("embed_hours"), 60 * (double) row.get("search_hours"));
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}

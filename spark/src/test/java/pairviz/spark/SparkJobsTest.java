package pairviz.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;
import pairviz.data.ClassFolders;
import pairviz.data.Sample;
import pairviz.gallery.DatasetEmbedder;
import pairviz.store.FloatMatrix;
import pairviz.eval.Retrieval;
import pairviz.eval.RetrievalMetrics;
import pairviz.explain.ExplainOptions;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.spark.cli.SparkCli;

/**
 * Tiny jobs in Spark's local mode (one session for the class): embed gives the core's
 * embeddings, a run killed mid-way resumes, evaluate gives the core's metrics, explain the core's
 * maps; bad input is one line and exit 2.
 */
class SparkJobsTest {
    /** The shipped ResNet (64 x 64 input, 128-d): the fastest model there is. */
    static final Path WEIGHTS = Path.of("../models/scenes-resnet.safetensors").toAbsolutePath().normalize();

    static SparkSession spark;
    @TempDir static Path tmp;
    static Path data;
    static Path table;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("pairviz spark test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "localhost")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        data = tmp.resolve("data");
        Random random = new Random(7);
        for (int c = 0; c < 4; c++) {
            Files.createDirectories(data.resolve("c" + c));
            for (int i = 0; i < 5; i++) {
                ImageIO.write(picture(random, c), "png", data.resolve("c" + c).resolve(i + ".png").toFile());
            }
        }
        Files.writeString(data.resolve("c2").resolve("5.png"), "not a picture");
        table = tmp.resolve("table");
        assertEquals(0, SparkCli.run("embed", "--weights", WEIGHTS.toString(), "--data", data.toString(), "--subset", "all",
                "--partitions", "4", "--out", table.toString()));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** A noisy picture whose mean colour depends on its class. */
    static BufferedImage picture(Random random, int c) {
        BufferedImage img = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                int r = Math.min(255, 60 * c + random.nextInt(60));
                int g = Math.min(255, (x < 20 == (c % 2 == 0)) ? 200 : random.nextInt(100));
                int b = random.nextInt(256);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    static List<Sample> samples() {
        List<Sample> all = new ArrayList<>(ClassFolders.read(data).train());
        all.addAll(ClassFolders.read(data).test());
        return all;
    }

    static EmbeddingModel model() {
        return EmbeddingModel.load(WEIGHTS, ModelOptions.auto());
    }

    @Test
    void embedGivesTheCoresEmbeddingsAndListsTheUnreadableImage() throws IOException {
        List<Sample> samples = samples();
        DatasetEmbedder.Result core;
        try (EmbeddingModel m = model()) {
            core = new DatasetEmbedder(m, m.preprocessing(), 8, 64).embed(samples);
        }
        EmbeddingSet set = EmbeddingSet.read(spark, table.toString(), "embeddings");
        FloatMatrix mine = set.collect();
        assertEquals(core.embeddings().rows(), mine.rows());
        assertEquals(20, mine.rows());
        float[] a = core.embeddings().data();
        float[] b = mine.data();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5f, "value " + i);
        }
        assertEquals(core.samples().stream().map(Sample::id).toList(), set.paths());
        assertEquals(core.samples().stream().map(Sample::label).toList(), set.labels());
        var bad = EmbeddingTable.unreadable(org.apache.hadoop.fs.FileSystem.getLocal(new Configuration()),
                new org.apache.hadoop.fs.Path(table.toString()));
        assertEquals(1, bad.size());
        assertTrue(bad.get(0).path().endsWith("c2/5.png"), bad.get(0).path());
    }

    @Test
    void aKilledRunResumesFromThePartitionsItWrote() throws IOException {
        Path dir = tmp.resolve("resume");
        copy(table, dir);
        // what a kill leaves: some partitions not written, one half written under _incomplete
        Files.delete(dir.resolve("part-00001.parquet"));
        Files.delete(dir.resolve("part-00003.parquet"));
        Files.createDirectories(dir.resolve("_incomplete"));
        Files.writeString(dir.resolve("_incomplete").resolve("part-00001.parquet.123"), "half");
        List<EmbedJob.Image> images = EmbedJob.images(samples());
        ModelSpec spec;
        try (EmbeddingModel m = model()) {
            spec = ModelSpec.ship(spark.sparkContext(), m, ModelOptions.builder().optNorm("imagenet").build(), 8);
        }
        EmbedJob.Outcome o = new EmbedJob(spark, spec).run(images, 4, identity(dir), new org.apache.hadoop.fs.Path(dir.toString()));
        assertEquals(2, o.resumed());
        assertEquals(20, o.embedded());
        assertEquals(1, o.unreadable().size());
        assertFalse(Files.exists(dir.resolve("_incomplete")), "what the killed run left half written is gone");
        FloatMatrix resumed = EmbeddingSet.read(spark, dir.toString(), "embeddings").collect();
        assertEquals(EmbeddingSet.read(spark, table.toString(), "embeddings").collect(), resumed);
    }

    /** A real kill: another JVM runs spark embed and is killed once it has written two partitions. */
    @Test
    void aSparkEmbedKilledMidwayResumes() throws Exception {
        Path dir = tmp.resolve("killed");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"));
        try (var in = SparkJobsTest.class.getResourceAsStream("/pairviz/spark/java-options.txt")) {
            command.addAll(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SparkCli.class.getName(), "embed",
                "--weights", WEIGHTS.toString(), "--data", data.toString(), "--subset", "all", "--partitions", "21",
                "--master", "local[1]", "--out", dir.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (written(dir) < 2 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        p.destroyForcibly().waitFor();
        int before = written(dir);
        assertTrue(before >= 2 && before < 21, before + " partitions written before the kill: " + Files.readString(tmp.resolve("killed.log")));
        String out = stdout(() -> assertEquals(0, SparkCli.run("embed", "--weights", WEIGHTS.toString(), "--data",
                data.toString(), "--subset", "all", "--partitions", "21", "--out", dir.toString())));
        assertTrue(out.contains("20 embeddings in " + dir + " (21 partitions, " + before + " of them from an earlier run)"), out);
        float[] whole = EmbeddingSet.read(spark, table.toString(), "embeddings").collect().data();
        float[] resumed = EmbeddingSet.read(spark, dir.toString(), "embeddings").collect().data();
        assertEquals(whole.length, resumed.length);
        for (int i = 0; i < whole.length; i++) {
            assertEquals(whole[i], resumed[i], 1e-5f, "value " + i);
        }
    }

    private static int written(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().matches("part-\\d{5}\\.parquet")).count();
        }
    }

    /** The manifest the command wrote, less what the job adds. */
    private static Map<String, Object> identity(Path dir) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = pairviz.util.JsonFiles.MAPPER.readValue(dir.resolve("_embed.json").toFile(), LinkedHashMap.class);
        m.remove("images");
        m.remove("partitions");
        return m;
    }

    @Test
    void aRerunOfAnotherJobIsRefused() {
        String err = stderr(() -> assertEquals(2, SparkCli.run("embed", "--weights", WEIGHTS.toString(), "--data",
                data.toString(), "--subset", "all", "--partitions", "3", "--out", table.toString())));
        assertTrue(failure(err).contains("holds embeddings of another run (partitions was 4, now 3)"), err);
    }

    @Test
    void evaluateGivesTheCoresMetricsWhateverTheBlocks() {
        EmbeddingSet set = EmbeddingSet.read(spark, table.toString(), "embeddings");
        FloatMatrix all = set.collect();
        int[] ks = {1, 2, 4, 8};
        RetrievalMetrics core = Retrieval.evaluate(all, set.labels(), ks);
        for (int block : new int[] {3, 4096}) {
            assertSameMetrics(core, SparkRetrieval.evaluate(spark, set, null, ks, block));
        }
    }

    static void assertSameMetrics(RetrievalMetrics core, RetrievalMetrics mine) {
        assertEquals(core.queries(), mine.queries());
        assertEquals(core.skipped(), mine.skipped());
        assertEquals(core.mapAtR(), mine.mapAtR(), 1e-12);
        assertEquals(core.rPrecision(), mine.rPrecision(), 1e-12);
        assertEquals(core.recallAtK().keySet(), mine.recallAtK().keySet());
        core.recallAtK().forEach((k, r) -> assertEquals(r, mine.recallAt(k), 1e-12));
    }

    @Test
    void tiesGoByGalleryOrderAndLoneLabelsAreSkippedAndCounted() throws IOException {
        // items 1 and 2 are the same vector: for item 0 (and 4) they tie, and the tie goes to 1,
        // the first in the gallery's order; item 3 is alone with its label
        float[][] vectors = {{1, 0, 0}, {1, 1, 0}, {1, 1, 0}, {0, 0, 1}, {0, 1, 0}};
        String[] labels = {"a", "b", "a", "lone", "b"};
        Path dir = tmp.resolve("ties");
        List<EmbeddingTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            rows.add(new EmbeddingTable.Row(10L * i, "img" + i, labels[i], vectors[i]));
        }
        // written out of order, in two files: the index column alone says the order
        EmbeddingTable.writePartition(new Configuration(), new org.apache.hadoop.fs.Path(dir.toString()), 0,
                List.of(rows.get(3), rows.get(0)), List.of());
        EmbeddingTable.writePartition(new Configuration(), new org.apache.hadoop.fs.Path(dir.toString()), 1,
                List.of(rows.get(4), rows.get(2), rows.get(1)), List.of());
        EmbeddingSet set = EmbeddingSet.read(spark, dir.toString(), "embeddings");
        RetrievalMetrics core = Retrieval.evaluate(FloatMatrix.of(vectors), List.of(labels), 1, 2);
        RetrievalMetrics mine = SparkRetrieval.evaluate(spark, set, null, new int[] {1, 2}, 2);
        assertEquals(4, mine.queries());
        assertEquals(1, mine.skipped());
        assertEquals(0.25, mine.precisionAt1(), 1e-12); // only item 4 finds its label first (1 wins its tie)
        assertSameMetrics(core, mine);
        assertArrayEquals(new int[] {1, 2}, ExplainJob.topMatches(spark, set, null, 2, 2).collect().stream()
                .filter(m -> m.query() == 0).mapToInt(m -> Integer.parseInt(m.match().substring(3))).toArray());
    }

    @Test
    void aSeparateGalleryGivesTheCoresMetrics() {
        Random r = new Random(3);
        float[][] q = new float[30][6];
        float[][] g = new float[50][6];
        List<String> ql = new ArrayList<>();
        List<String> gl = new ArrayList<>();
        for (float[][] m : new float[][][] {q, g}) {
            for (float[] row : m) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) r.nextGaussian();
                }
                (m == q ? ql : gl).add("L" + r.nextInt(m == q ? 8 : 6)); // labels 6, 7: queries with no gallery item
            }
        }
        EmbeddingSet queries = table("q", q, ql);
        EmbeddingSet gallery = table("g", g, gl);
        RetrievalMetrics core = Retrieval.evaluate(FloatMatrix.of(q), ql, FloatMatrix.of(g), gl, 1, 4);
        assertTrue(core.skipped() > 0);
        assertSameMetrics(core, SparkRetrieval.evaluate(spark, queries, gallery, new int[] {1, 4}, 7));
    }

    /** A table of {@code rows} written in one partition. */
    private static EmbeddingSet table(String name, float[][] rows, List<String> labels) {
        List<EmbeddingTable.Row> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            out.add(new EmbeddingTable.Row(i, name + i, labels.get(i), rows[i]));
        }
        Path dir = tmp.resolve("table-" + name);
        EmbeddingTable.writePartition(new Configuration(), new org.apache.hadoop.fs.Path(dir.toString()), 0, out, List.of());
        return EmbeddingSet.read(spark, dir.toString(), "embeddings");
    }

    @Test
    void explainGivesTheCoresPairedMaps() throws IOException {
        Path out = tmp.resolve("explain");
        assertEquals(0, SparkCli.run("explain", "--weights", WEIGHTS.toString(), "--queries", table.toString(),
                "--gallery", table.toString(), "--top", "2", "--pictures", "1", "--out", out.toString()));
        List<Row> rows = spark.read().parquet(out.resolve("pairs").toString()).orderBy("query", "rank").collectAsList();
        assertEquals(40, rows.size());
        Row first = rows.get(0);
        try (EmbeddingModel m = model()) {
            ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(m, ExplainOptions.DEFAULT.rollout()),
                    m.preprocessing(), 2, 4);
            PairExplanation e = new PairExplainer(ExplainOptions.DEFAULT).explain(
                    embedder.features(Path.of(first.getString(0))), embedder.features(Path.of(first.getString(3))));
            assertEquals(e.score(), first.getDouble(first.fieldIndex("score")), 1e-6);
            assertEquals(e.score(), first.getFloat(first.fieldIndex("similarity")), 1e-5);
            assertArrayEquals(e.mapA().values(), EmbeddingTable.floats(first.getList(first.fieldIndex("query_map"))), 1e-6f);
            assertArrayEquals(e.mapB().values(), EmbeddingTable.floats(first.getList(first.fieldIndex("match_map"))), 1e-6f);
        }
        try (var pictures = Files.list(out.resolve("pictures"))) {
            assertEquals(6, pictures.count()); // two matches of one query: two maps and a figure each
        }
    }

    @Test
    void resumeGoesByTheCheckpointsContentAndASecondLiveRunIsRefused() throws IOException {
        Path out = tmp.resolve("by-content");
        Path a = Files.createDirectories(tmp.resolve("checkout-a")).resolve("m.safetensors");
        Files.copy(WEIGHTS, a);
        assertEquals(0, SparkCli.run("embed", "--weights", a.toString(), "--data", data.toString(), "--subset", "all",
                "--partitions", "2", "--out", out.toString()));
        // the same bytes elsewhere, later: resumed (nothing left to embed)
        Path b = Files.createDirectories(tmp.resolve("checkout-b")).resolve("m.safetensors");
        Files.copy(WEIGHTS, b);
        Files.setLastModifiedTime(b, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        String said = stdout(() -> assertEquals(0, SparkCli.run("embed", "--weights", b.toString(), "--data", data.toString(),
                "--subset", "all", "--out", out.toString())));
        assertTrue(said.contains("2 partitions, 2 of them from an earlier run"), said);
        // other bytes: refused
        byte[] bytes = Files.readAllBytes(b);
        bytes[bytes.length - 1] ^= 1;
        Files.write(b, bytes);
        String err = stderr(() -> assertEquals(2, SparkCli.run("embed", "--weights", b.toString(), "--data", data.toString(),
                "--subset", "all", "--out", out.toString())));
        assertTrue(failure(err).contains("holds embeddings of another run (model_files_sha256 was"), err);
        // a live run holding the folder: refused
        org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
        try (OutputLock held = OutputLock.take(fs, new org.apache.hadoop.fs.Path(out.toUri()))) {
            err = stderr(() -> assertEquals(2, SparkCli.run("embed", "--weights", a.toString(), "--data", data.toString(),
                    "--subset", "all", "--out", out.toString())));
            assertTrue(failure(err).contains("is being written by another run (process " + ProcessHandle.current().pid()), err);
        }
    }

    @Test
    void benchReportsTheExecutorsTaskCpuTime() throws IOException {
        Path json = tmp.resolve("bench.json");
        String out = stdout(() -> assertEquals(0, SparkCli.run("bench", "--weights", WEIGHTS.toString(), "--data", data.toString(),
                "--subset", "all", "--partitions", "2", "--projection-images", "0", "--json", json.toString())));
        assertTrue(out.contains("task CPU s/image"), out);
        Map<?, ?> row = (Map<?, ?>) ((List<?>) pairviz.util.JsonFiles.MAPPER.readValue(json.toFile(), Map.class).get("throughput")).get(0);
        double task = ((Number) row.get("task_cpu_seconds_per_image")).doubleValue();
        double jvm = ((Number) row.get("cpu_seconds_per_image")).doubleValue();
        // the task threads' time is part of this JVM's in local mode, and embedding takes some
        assertTrue(task > 0 && task <= jvm * 1.05, task + " vs " + jvm);
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        String err = stderr(() -> assertEquals(2, SparkCli.run("evaluate", "--embeddings", tmp.resolve("none").toString())));
        assertEquals("pairviz: --embeddings " + tmp.resolve("none") + " not found", failure(err));
        err = stderr(() -> assertEquals(2, SparkCli.run("evaluate", "--embeddings", table.toString(), "--k", "0")));
        assertTrue(failure(err).startsWith("pairviz: --k: every K must be a positive integer"), err);
        err = stderr(() -> assertEquals(2, SparkCli.run("embed", "--weights", WEIGHTS.toString(), "--data", data.toString(),
                "--partitions", "0", "--out", tmp.resolve("x").toString())));
        assertTrue(failure(err).startsWith("pairviz: --partitions must be between 1"), err);
        assertThrows(PairvizException.class, () -> EmbeddingSet.read(spark, data.toString(), "embeddings"));
    }

    /** The one failure line of a command's stderr (Spark's own warnings aside). */
    private static String failure(String stderr) {
        List<String> lines = stderr.lines().filter(l -> l.startsWith("pairviz:")).toList();
        assertEquals(1, lines.size(), stderr);
        return lines.get(0);
    }

    private static String stderr(Runnable r) {
        return captured(r, true);
    }

    private static String stdout(Runnable r) {
        return captured(r, false);
    }

    /** What {@code r} printed on stderr ({@code err}) or stdout. */
    private static String captured(Runnable r, boolean err) {
        PrintStream old = err ? System.err : System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream to = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        if (err) {
            System.setErr(to);
        } else {
            System.setOut(to);
        }
        try {
            r.run();
        } finally {
            if (err) {
                System.setErr(old);
            } else {
                System.setOut(old);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}

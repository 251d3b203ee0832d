package pairviz.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;

/**
 * A real standalone cluster on 127.0.0.1: a master and a worker (2 cores, 2 GB), each its own JVM
 * started from the Spark jars on this test's class path (nothing downloaded), executors started
 * by the worker in JVMs of their own. As on a real cluster, the executors' class path is Spark's
 * and the third-party jars' (placed once), and pairviz's own classes reach them only as jars the
 * application ships ({@code spark.jars}, as {@code spark-submit --jars} does).
 *
 * <ul>
 *   <li>{@code spark embed} of a Hugging Face checkpoint (its config.json says 2 heads) on the
 *       cluster equals {@code spark embed} in local mode (executors that built the network
 *       without the config.json would embed with 1 head and differ by up to 0.5: issue 24);</li>
 *   <li>{@code spark explain} there gives local mode's pairs and scores, and the pictures of the
 *       queries asked;</li>
 *   <li>executors no worker can hold are refused in one line within the bounded wait, not
 *       Spark's endless "Initial job has not accepted any resources".</li>
 * </ul>
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StandaloneClusterTest {
    static final Path HF_VIT = Path.of("../src/test/resources/fixtures/families/hf_vit/pytorch_model.bin").toAbsolutePath().normalize();
    /** How long the master and worker may take to start and register, and a job to finish. */
    static final long START_S = 120;

    @TempDir static Path tmp;
    static Process master;
    static Process worker;
    static String url;
    static Path masterLog;
    static Path workerLog;

    @BeforeAll
    static void startCluster() throws Exception {
        int port = freePort();
        url = "spark://127.0.0.1:" + port;
        masterLog = tmp.resolve("master.log");
        workerLog = tmp.resolve("worker.log");
        master = jvm(masterLog, Map.of(), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(freePort()));
        // the worker's Spark "installation": no jars of its own (a RELEASE file and an empty jars/);
        // its executors get Spark and the third-party jars from SPARK_DIST_CLASSPATH, the class
        // path a distribution gives them, and pairviz's classes only from what the application ships
        Path home = Files.createDirectories(tmp.resolve("spark-home"));
        Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark 4.0.1 (test)\n");
        Map<String, String> env = Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13",
                "SPARK_DIST_CLASSPATH", String.join(File.pathSeparator, placed()),
                "JAVA_HOME", System.getProperty("java.home"), "SPARK_LOCAL_IP", "127.0.0.1");
        worker = jvm(workerLog, env, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "2",
                "--memory", "2g", "--webui-port", Integer.toString(freePort()), "--work-dir", tmp.resolve("work").toString(), url);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_S);
        while (!Files.readString(masterLog).contains("Registering worker") && System.nanoTime() < deadline
                && master.isAlive() && worker.isAlive()) {
            Thread.sleep(200);
        }
        assertTrue(Files.readString(masterLog).contains("Registering worker"),
                "master:\n" + Files.readString(masterLog) + "\nworker:\n" + Files.readString(workerLog));
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (Process p : new Process[] {worker, master}) {
            if (p == null) {
                continue;
            }
            List<ProcessHandle> children = p.descendants().toList(); // executors the worker started
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aHuggingFaceCheckpointEmbedsOnTheClusterAsInLocalMode() throws Exception {
        Path data = tmp.resolve("data");
        Random random = new Random(11);
        for (int c = 0; c < 2; c++) {
            Files.createDirectories(data.resolve("c" + c));
            for (int i = 0; i < 4; i++) {
                ImageIO.write(picture(random, c), "png", data.resolve("c" + c).resolve(i + ".png").toFile());
            }
        }
        Path local = tmp.resolve("local");
        Path cluster = tmp.resolve("cluster");
        List<String> embed = List.of("embed", "--weights", HF_VIT.toString(), "--data", data.toString(), "--subset", "all",
                "--partitions", "2");
        // explain: the search's matches joined with the images on the executors, the pictures of one query
        List<String> explain = List.of("explain", "--weights", HF_VIT.toString(), "--queries", local.toString(), "--gallery",
                local.toString(), "--top", "2", "--pictures", "1", "--partitions", "2");
        // one application per mode (the commands join it, as under spark-submit): one executor to start, not two
        inApplication("local[1]", Map.of(), () -> {
            assertEquals(0, SparkCli.run(with(embed, "--master", "local[1]", "--out", local.toString())));
            assertEquals(0, SparkCli.run(with(explain, "--master", "local[1]", "--out", tmp.resolve("explained-local").toString())));
        });

        Map<String, String> submitted = new LinkedHashMap<>();
        submitted.put("spark.jars", String.join(",", shipped()));
        submitted.put("spark.driver.host", "127.0.0.1");
        submitted.put("spark.driver.bindAddress", "127.0.0.1");
        submitted.put("spark.executor.memory", "1g");
        submitted.put("spark.executor.cores", "2");
        submitted.put("spark.cores.max", "2");
        submitted.put("spark.executor.extraJavaOptions", javaOptions() + " -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 "
                + "-Dai.djl.pytorch.num_interop_threads=1");
        String[] said = new String[1];
        inApplication(url, submitted, () -> {
            said[0] = TestJvm.stderr(() -> assertEquals(0, SparkCli.run(with(embed, "--master", url, "--out", cluster.toString()))));
            assertEquals(0, SparkCli.run(with(explain, "--master", url, "--out", tmp.resolve("explained-cluster").toString())));
        });
        assertTrue(said[0].contains("2 heads") && said[0].contains("on " + url), said[0]);
        Map<String, Double> scores = scores(tmp.resolve("explained-local").resolve("pairs"));
        assertEquals(16, scores.size());
        Map<String, Double> clusterScores = scores(tmp.resolve("explained-cluster").resolve("pairs"));
        assertEquals(scores.keySet(), clusterScores.keySet());
        scores.forEach((pair, score) -> assertEquals(score, clusterScores.get(pair), 1e-6, pair));
        try (var pictures = Files.list(tmp.resolve("explained-cluster").resolve("pictures"))) {
            assertEquals(6, pictures.count()); // two matches of one query: two maps and a figure each
        }

        Map<Long, Row> a = rows(local);
        Map<Long, Row> b = rows(cluster);
        assertEquals(8, a.size());
        assertEquals(a.keySet(), b.keySet());
        float largest = 0;
        for (long i : a.keySet()) {
            assertEquals(a.get(i).path(), b.get(i).path());
            assertEquals(a.get(i).embedding().length, b.get(i).embedding().length);
            for (int j = 0; j < a.get(i).embedding().length; j++) {
                largest = Math.max(largest, Math.abs(a.get(i).embedding()[j] - b.get(i).embedding()[j]));
            }
        }
        assertTrue(largest <= 1e-6f, "largest difference " + largest);
        // the tasks ran in an executor the worker started, with pairviz's classes from the shipped jars
        String executor;
        try (var files = Files.walk(tmp.resolve("work"))) {
            executor = files.filter(f -> f.getFileName().toString().equals("stderr")).map(StandaloneClusterTest::read)
                    .reduce("", String::concat);
        }
        assertTrue(executor.contains("shipped-0.jar") && executor.contains("Finished task 1.0"), executor);
    }

    @Test
    void executorsNoWorkerCanHoldAreRefusedWithinTheWait() {
        Map<String, String> props = Map.of("spark.jars", "file:/nowhere/pairviz-spark.jar", "spark.executor.memory", "64g",
                Master.EXECUTOR_WAIT, "3", "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1");
        String err = withProperties(props, () -> TestJvm.stderr(() -> assertEquals(2, SparkCli.run("evaluate", "--master", url,
                "--embeddings", tmp.resolve("none").toString()))));
        List<String> lines = err.lines().filter(l -> l.startsWith("pairviz:")).toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("pairviz: master '" + url + "' granted no executor within 3 s: no worker has the "
                + "cores and memory asked for (spark.executor.cores=all of a worker's, spark.executor.memory=64g"), err);
    }

    /** An embedded image as a spark embed folder holds it. */
    record Row(String path, float[] embedding) {}

    /** The rows of a spark embed folder by index, read with Parquet's own reader (no Spark session to start). */
    private static Map<Long, Row> rows(Path table) throws IOException {
        Map<Long, Row> out = new java.util.TreeMap<>();
        try (var files = Files.list(table)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("part-\\d{5}\\.parquet")).toList()) {
                try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                        new org.apache.hadoop.fs.Path(f.toUri())).build()) {
                    for (Group g = reader.read(); g != null; g = reader.read()) {
                        Group list = g.getGroup("embedding", 0);
                        float[] v = new float[list.getFieldRepetitionCount("list")];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = list.getGroup("list", i).getFloat("element", 0);
                        }
                        out.put(g.getLong("index", 0), new Row(g.getString("path", 0), v));
                    }
                }
            }
        }
        return out;
    }

    /** The explainer's score of each (query, match) pair of an explain folder's pairs, read with Parquet's own reader. */
    private static Map<String, Double> scores(Path pairs) throws IOException {
        Map<String, Double> out = new java.util.TreeMap<>();
        try (var files = Files.list(pairs)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".parquet")).toList()) {
                try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                        new org.apache.hadoop.fs.Path(f.toUri())).build()) {
                    for (Group g = reader.read(); g != null; g = reader.read()) {
                        assertEquals(0, g.getFieldRepetitionCount("error"), "a pair failed");
                        out.put(g.getString("query", 0) + " " + g.getString("match", 0), g.getDouble("score", 0));
                    }
                }
            }
        }
        return out;
    }

    /** Runs {@code work} in a Spark application on {@code master} with the Spark settings {@code props}, stopped at the end. */
    private static void inApplication(String master, Map<String, String> props, Runnable work) {
        withProperties(props, () -> {
            SparkSession app = SparkSession.builder().master(master).appName("pairviz cluster test")
                    .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1").config("spark.log.level", "WARN").getOrCreate();
            try {
                work.run();
            } finally {
                app.stop();
            }
            return null;
        });
    }

    private static <T> T withProperties(Map<String, String> props, java.util.function.Supplier<T> work) {
        props.forEach(System::setProperty);
        try {
            return work.get();
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
    }

    private static String[] with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** This JVM's class path: the test's, or surefire's. */
    private static List<String> classPath() {
        return List.of(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(File.pathSeparator));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** pairviz's own classes: the folders of compiled classes on the class path (the core's and this module's; their tests' aside). */
    private static boolean pairvizOwn(String entry) {
        return Files.isDirectory(Path.of(entry)) || Path.of(entry).getFileName().toString().startsWith("pairviz");
    }

    /** What a cluster has placed on every machine: Spark and the third-party jars. */
    private static List<String> placed() {
        return classPath().stream().filter(e -> !pairvizOwn(e)).toList();
    }

    /** pairviz's own classes as jars for spark.jars (folders packed into a jar each). */
    private static List<String> shipped() throws IOException {
        List<String> out = new ArrayList<>();
        for (String e : classPath()) {
            Path p = Path.of(e);
            if (!pairvizOwn(e) || p.getFileName().toString().equals("test-classes")) {
                continue;
            }
            if (Files.isRegularFile(p)) {
                out.add(p.toString());
                continue;
            }
            Path jar = tmp.resolve("shipped-" + out.size() + ".jar");
            try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar)); var files = Files.walk(p)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    j.putNextEntry(new JarEntry(p.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, j);
                    j.closeEntry();
                }
            }
            out.add(jar.toString());
        }
        return out;
    }

    /** The flags Spark needs of a Java 17 JVM (the module's spark.java.options). */
    private static String javaOptions() throws IOException {
        try (var in = StandaloneClusterTest.class.getResourceAsStream("/pairviz/spark/java-options.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A noisy 32 x 32 picture whose colours depend on its class. */
    private static BufferedImage picture(Random random, int c) {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                img.setRGB(x, y, (Math.min(255, 100 * c + random.nextInt(120)) << 16) | (random.nextInt(256) << 8) | (x * 8));
            }
        }
        return img;
    }

    /** A JVM running {@code main} from this test's class path, logging at INFO into {@code log}. */
    private static Process jvm(Path log, Map<String, String> env, String main, String... args) throws IOException {
        List<String> command = TestJvm.command(List.of("-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info"), main, List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().putAll(env);
        return b.start();
    }
}

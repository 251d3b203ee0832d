package pairviz.spark.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;
import pairviz.cli.Failures;

/**
 * Every Spark failure pairviz foresees is one line and exit 2, found before any Spark context
 * starts (no cluster needed): bad masters, YARN without its configuration, an unreachable
 * standalone master within a bounded wait, the launcher with a cluster master, a folder whose
 * Hadoop connector is missing; Ctrl-C is an interruption with exit code 130.
 */
class RefusalsTest {
    static final Path WEIGHTS = Path.of("../models/scenes-resnet.safetensors").toAbsolutePath().normalize();
    /** A configuration as spark-submit gives it: pairviz's jar ships. */
    static final SparkConf SUBMITTED = new SparkConf(false).set("spark.jars", "file:/opt/pairviz/pairviz-spark.jar");

    @TempDir Path tmp;

    private static String refusal(String master, SparkConf conf, Map<String, String> env) {
        return assertThrows(PairvizException.class, () -> Master.check(master, conf, env)).getMessage();
    }

    @Test
    void localMastersPass() {
        for (String m : List.of("local", "local[1]", "local[*]", "local[2,3]", "local[*, 4]", "local-cluster[2,1,512]")) {
            assertDoesNotThrow(() -> Master.check(m, new SparkConf(false), Map.of()), m);
        }
    }

    @Test
    void unparsableMastersAreRefused() {
        assertEquals("master 'foo://bar:1' is not a Spark master: give local, local[N], local[*], local[N,F], spark://HOST:PORT, "
                + "yarn or k8s://https://HOST:PORT", refusal("foo://bar:1", SUBMITTED, Map.of()));
        assertTrue(refusal("local[x]", SUBMITTED, Map.of()).startsWith("master 'local[x]' is not a Spark master"));
        assertTrue(refusal("local[0]", SUBMITTED, Map.of()).contains("runs no task"));
        assertTrue(refusal("spark://host", SUBMITTED, Map.of()).contains("a standalone master is spark://HOST:PORT"));
        assertTrue(refusal("spark://host:99999", SUBMITTED, Map.of()).contains("not 'host:99999'"));
        assertTrue(refusal("k8s://", SUBMITTED, Map.of()).contains("names no Kubernetes API server"));
    }

    @Test
    void yarnNeedsItsHadoopConfigurationAndModule() {
        assertTrue(refusal("yarn", SUBMITTED, Map.of()).contains("set HADOOP_CONF_DIR (or YARN_CONF_DIR)"));
        // with a configuration, the next thing missing here is Spark's YARN module
        assertTrue(refusal("yarn", SUBMITTED, Map.of("HADOOP_CONF_DIR", "/etc/hadoop")).contains("needs Spark's spark-yarn module"));
        assertTrue(refusal("k8s://https://h:6443", SUBMITTED, Map.of()).contains("needs Spark's spark-kubernetes module"));
    }

    @Test
    void theLauncherWithAClusterMasterIsRefused() {
        String m = refusal("spark://127.0.0.1:7077", new SparkConf(false), Map.of());
        assertTrue(m.contains("from the ./pairviz launcher, which ships none: submit with spark-submit"), m);
        // jars placed on the workers are enough
        SparkConf placed = new SparkConf(false).set("spark.executor.extraClassPath", "/opt/pairviz/*");
        assertTrue(refusal("spark://127.0.0.1:1", placed, Map.of()).contains("does not answer"));
    }

    @Test
    void anUnreachableMasterIsRefusedWithinTheBoundedWait() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        String m = refusal("spark://127.0.0.1:" + port, SUBMITTED, Map.of());
        assertTrue((System.nanoTime() - start) / 1e9 < Master.REACH.toSeconds() + 2);
        assertTrue(m.startsWith("master 'spark://127.0.0.1:" + port + "' does not answer within 5 s ("), m);
        m = refusal("spark://no-such-host.invalid:7077", SUBMITTED, Map.of());
        assertTrue(m.contains("unknown host no-such-host.invalid") || m.contains("no-such-host.invalid"), m);
        try (ServerSocket s = new ServerSocket(0)) { // one of two masters answers: that is enough
            String both = "spark://127.0.0.1:" + port + ",127.0.0.1:" + s.getLocalPort();
            assertDoesNotThrow(() -> Master.check(both, SUBMITTED, Map.of()));
        }
    }

    @Test
    void aSchemeWithoutItsConnectorIsRefusedNamingIt() {
        String m = assertThrows(PairvizException.class, () -> Connectors.check("--out", "s3a://bucket/embeddings",
                new SparkConf(false))).getMessage();
        assertTrue(m.startsWith("--out s3a://bucket/embeddings: no Hadoop file system for 's3a://' is on the class path; "
                + "add org.apache.hadoop:hadoop-aws"), m);
        m = assertThrows(PairvizException.class, () -> Connectors.check("--out", "gs://b/x", new SparkConf(false))).getMessage();
        assertTrue(m.contains("gcs-connector"), m);
        m = assertThrows(PairvizException.class, () -> Connectors.check("--out", "weird://b/x", new SparkConf(false))).getMessage();
        assertTrue(m.contains("add the Hadoop connector of weird://"), m);
        assertDoesNotThrow(() -> Connectors.check("--out", tmp.resolve("x").toString(), new SparkConf(false)));
        assertDoesNotThrow(() -> Connectors.check("--out", tmp.toUri().toString(), new SparkConf(false)));
    }

    @Test
    void theCommandLineSaysEachRefusalInOneLineWithExitTwo() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        List<String> common = List.of("embed", "--weights", WEIGHTS.toString(), "--data", data.toString());
        for (String[] extra : new String[][] {
                {"--master", "foo://bar:1", "--out", tmp.resolve("o").toString()},
                {"--master", "local[x]", "--out", tmp.resolve("o").toString()},
                {"--master", "spark://127.0.0.1:7077", "--out", tmp.resolve("o").toString()},
                {"--master", "local[2]", "--out", "s3a://bucket/o"}}) {
            String[] args = java.util.stream.Stream.concat(common.stream(), java.util.Arrays.stream(extra)).toArray(String[]::new);
            String err = TestJvm.stderr(() -> assertEquals(2, SparkCli.run(args), String.join(" ", args)));
            List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), err);
            assertTrue(lines.get(0).startsWith("pairviz: " + (extra[3].startsWith("s3a") ? "--out s3a://" : "master '" + extra[1] + "'")), err);
        }
        assertTrue(Files.notExists(tmp.resolve("o")));
    }

    @Test
    void dataAndCheckpointsWithoutTheirConnectorOrWhereOnlyLocalFilesWorkAreRefused() throws IOException {
        String err = TestJvm.stderr(() -> assertEquals(2, SparkCli.run("embed", "--weights", "s3a://b/m.pth", "--data",
                "s3a://b/images", "--master", "local[1]", "--out", tmp.resolve("o").toString())));
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("pairviz: --data s3a://b/images: no Hadoop file system for 's3a://'"), err);
        err = TestJvm.stderr(() -> assertEquals(2, SparkCli.run("evaluate", "--embeddings", tmp.toString(), "--json",
                "hdfs://nn:8020/m.json")));
        lines = err.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), err);
        assertEquals("pairviz: --json hdfs://nn:8020/m.json: pairviz spark evaluate reads and writes --json on this machine: "
                + "give a local path or a file:// URI", lines.get(0));
        assertTrue(Files.notExists(Path.of("hdfs:")), "nothing written under ./hdfs:");
    }

    @Test
    void ctrlCIsAnInterruptionWithExitCode130() {
        SparkException cancelled = new SparkException("Job 0 cancelled because SparkContext was shut down");
        Failures.Failure f = Failures.of(Interruption.reported(cancelled, true), null);
        assertEquals(130, f.exitCode());
        assertTrue(f.message().startsWith("interrupted: what was finished is kept"), f.message());
        // the same failure outside a shutdown stays what it is
        assertEquals(1, Failures.of(Interruption.reported(cancelled, false), null).exitCode());
        assertEquals(false, Interruption.happened());
    }
}

package pairviz.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone master and a small worker (1 core, 1 GB: each its own JVM from the Spark jars
 * on the class path) and an application asking for executors no worker can hold: refused in one
 * line within the bounded wait, not Spark's endless "Initial job has not accepted any resources".
 */
class StandaloneRefusalTest {
    @TempDir Path tmp;

    @Test
    void executorsNoWorkerCanHoldAreRefusedWithinTheWait() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "spark://127.0.0.1:" + port;
        Path masterLog = tmp.resolve("master.log");
        Process master = jvm(masterLog, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", "0");
        Process worker = null;
        Map<String, String> props = Map.of("spark.jars", "file:/nowhere/pairviz-spark.jar", "spark.executor.memory", "64g",
                Master.EXECUTOR_WAIT, "3");
        try {
            worker = jvm(tmp.resolve("worker.log"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                    "--memory", "1g", "--webui-port", "0", "--work-dir", tmp.resolve("work").toString(), url);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(masterLog).contains("Registering worker") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(Files.readString(masterLog).contains("Registering worker"), Files.readString(masterLog));
            props.forEach(System::setProperty);
            String err = TestJvm.stderr(() -> assertEquals(2, SparkCli.run("evaluate", "--master", url, "--embeddings",
                    tmp.resolve("none").toString())));
            List<String> lines = err.lines().filter(l -> l.startsWith("pairviz:")).toList();
            assertEquals(1, lines.size(), err);
            assertTrue(lines.get(0).startsWith("pairviz: master '" + url + "' granted no executor within 3 s: no worker has the "
                    + "cores and memory asked for (spark.executor.cores=all of a worker's, spark.executor.memory=64g"), err);
        } finally {
            props.keySet().forEach(System::clearProperty);
            if (worker != null) {
                worker.destroy();
                worker.waitFor(20, TimeUnit.SECONDS);
            }
            master.destroy();
            master.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** A JVM running {@code main} from this test's class path, logging at INFO into {@code log}. */
    private static Process jvm(Path log, String main, String... args) throws Exception {
        List<String> command = TestJvm.command(List.of("-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info"), main, List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}

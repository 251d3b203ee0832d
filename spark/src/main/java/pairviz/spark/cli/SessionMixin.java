package pairviz.spark.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import pairviz.PairvizException;
import picocli.CommandLine.Option;

/** Where the job runs: Spark's master, and the threads each task's forward pass may use. */
final class SessionMixin {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N], local[*], spark://HOST:PORT, yarn, k8s://... Default: local[*], or what spark-submit says.")
    String master;

    @Option(names = "--threads", paramLabel = "T",
            description = "PyTorch threads per executor JVM (intra-op; its tasks share them). Default: PyTorch's (all cores).")
    Integer threads;

    /**
     * Starts (or joins, under spark-submit) the session. PyTorch reads its thread count once, when
     * its engine starts: this must run before any model is loaded in this JVM.
     */
    SparkSession start(String command) {
        if (threads != null) {
            if (threads < 1) {
                throw new PairvizException("--threads must be at least 1, not " + threads);
            }
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        SparkConf conf = new SparkConf().setAppName("pairviz spark " + command);
        String m = master != null ? master : conf.get("spark.master", "local[*]");
        conf.setMaster(m);
        if (m.startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false")
                    .setIfMissing("spark.driver.host", "localhost")
                    .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (threads != null) {
            conf.set("spark.executor.extraJavaOptions", "-Dai.djl.pytorch.num_threads=" + threads
                    + " -Dai.djl.pytorch.num_interop_threads=1 " + conf.get("spark.executor.extraJavaOptions", ""));
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /** Runs {@code work} in a session, stopped at the end unless it was there before (a test's). */
    <T> T run(String command, java.util.function.Function<SparkSession, T> work) {
        boolean existed = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        SparkSession spark = start(command);
        try {
            return work.apply(spark);
        } finally {
            if (!existed) {
                spark.stop();
            }
        }
    }
}

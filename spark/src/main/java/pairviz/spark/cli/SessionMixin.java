package pairviz.spark.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import pairviz.PairvizException;
import picocli.CommandLine.Option;

/** Where the job runs: Spark's master, and the threads each task's forward pass may use. */
final class SessionMixin {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N], local[*]; spark://HOST:PORT, yarn, k8s://... through spark-submit (docs/spark.md), "
                    + "which ships pairviz's jars. Default: local[*], or what spark-submit says.")
    String master;

    @Option(names = "--threads", paramLabel = "T",
            description = "PyTorch threads per executor JVM (intra-op; its tasks share them). Default: PyTorch's (all cores).")
    Integer threads;

    /**
     * The session's configuration: Spark's own (spark-submit's, the {@code spark.*} system
     * properties) with the master; a master Spark could not use is refused in one line
     * ({@link Master#check}), before any context starts.
     */
    SparkConf conf(String command) {
        SparkConf conf = new SparkConf().setAppName("pairviz spark " + command);
        String m = master != null ? master : conf.get("spark.master", "local[*]");
        Master.check(m, conf, System.getenv());
        // pairviz's progress lines, not Spark's hundreds of INFO lines under a distribution's logging;
        // --conf spark.log.level=INFO brings them back
        conf.setIfMissing("spark.log.level", "WARN");
        return conf.setMaster(m);
    }

    /**
     * Refuses, before any work, a master Spark could not use and a folder or file whose Hadoop
     * file system is not on the class path.
     *
     * @param optionsAndUris pairs: an option's name, then its value (null: not given)
     */
    void check(String... optionsAndUris) {
        SparkConf conf = conf("check");
        for (int i = 0; i + 1 < optionsAndUris.length; i += 2) {
            if (Locations.remote(optionsAndUris[i + 1])) { // a plain path or file: URI needs no connector
                Connectors.check(optionsAndUris[i], optionsAndUris[i + 1], conf);
            }
        }
    }

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
        SparkConf conf = conf(command);
        String m = conf.get("spark.master");
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
            Master.awaitExecutors(spark.sparkContext());
            return work.apply(spark);
        } finally {
            if (!existed) {
                spark.stop();
            }
        }
    }
}

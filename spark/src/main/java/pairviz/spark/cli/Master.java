package pairviz.spark.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import pairviz.PairvizException;

/**
 * Where a job runs, checked before any Spark context starts, so that every master Spark could
 * not use is one line and exit 2 instead of Spark's stack trace or an endless wait: the URL's
 * form, YARN's Hadoop configuration, the cluster manager's module on the class path, pairviz's
 * jars reaching the executors, a standalone master that answers within {@link #REACH} and
 * grants an executor within {@link #EXECUTOR_WAIT} ({@link #awaitExecutors}).
 */
final class Master {
    private Master() {}

    /** How long a standalone master ({@code spark://}) may take to accept a connection. */
    static final Duration REACH = Duration.ofSeconds(5);

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[\\s*([0-9]+|\\*)\\s*(?:,\\s*([0-9]+)\\s*)?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*([0-9]+)\\s*,\\s*([0-9]+)\\s*,\\s*([0-9]+)\\s*]");
    private static final Pattern HOST_PORT = Pattern.compile("([^:,/\\s\\[\\]]+|\\[[0-9a-fA-F:.]+]):([0-9]{1,5})");
    private static final String FORMS = "local, local[N], local[*], local[N,F], spark://HOST:PORT, yarn or k8s://https://HOST:PORT";
    /** The class of each cluster manager that lives in a module of its own. */
    private static final Map<String, String> MANAGERS = Map.of(
            "yarn", "org.apache.spark.scheduler.cluster.YarnClusterManager",
            "k8s", "org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager");

    /**
     * Refuses {@code master} in one line unless Spark can run a job there.
     *
     * @param conf the session's configuration (the jars it ships, its deploy mode)
     * @param env  the environment (HADOOP_CONF_DIR, YARN_CONF_DIR)
     */
    static void check(String master, SparkConf conf, Map<String, String> env) {
        String m = master.strip();
        Matcher local = LOCAL.matcher(m);
        if (local.matches()) {
            if ("0".equals(local.group(1))) {
                throw refused(master, "runs no task: give local[N] with N at least 1, or local[*]");
            }
            return;
        }
        if (LOCAL_CLUSTER.matcher(m).matches()) {
            return;
        }
        boolean clusterMode = "cluster".equals(conf.get("spark.submit.deployMode", "client"));
        if (m.startsWith("spark://")) {
            List<InetSocketAddress> masters = standalone(master, m.substring("spark://".length()));
            shipsJars(master, conf);
            reach(master, masters);
        } else if (m.equals("yarn")) {
            if (!clusterMode && blank(env.get("HADOOP_CONF_DIR")) && blank(env.get("YARN_CONF_DIR"))) {
                throw refused(master, "needs the cluster's Hadoop configuration: set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the folder "
                        + "holding its core-site.xml and yarn-site.xml (docs/spark.md)");
            }
            module(master, "yarn", "spark-yarn");
            shipsJars(master, conf);
        } else if (m.startsWith("k8s://")) {
            if (m.length() == "k8s://".length()) {
                throw refused(master, "names no Kubernetes API server: give k8s://https://HOST:PORT");
            }
            module(master, "k8s", "spark-kubernetes");
            shipsJars(master, conf);
        } else {
            throw refused(master, "is not a Spark master: give " + FORMS);
        }
    }

    /** The masters of {@code spark://H1:P1,H2:P2}. */
    private static List<InetSocketAddress> standalone(String master, String hosts) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String hp : hosts.split(",", -1)) {
            Matcher h = HOST_PORT.matcher(hp.strip());
            int port = h.matches() ? Integer.parseInt(h.group(2)) : -1;
            if (port < 1 || port > 65535) {
                throw refused(master, "is not a Spark master: a standalone master is spark://HOST:PORT (port 7077 unless the master "
                        + "was started with another), not '" + hp + "'");
            }
            String host = h.group(1).startsWith("[") ? h.group(1).substring(1, h.group(1).length() - 1) : h.group(1);
            out.add(InetSocketAddress.createUnresolved(host, port));
        }
        return out;
    }

    /** Refuses a cluster master whose executors would not get pairviz's classes. */
    private static void shipsJars(String master, SparkConf conf) {
        if (blank(conf.get("spark.jars", "")) && blank(conf.get("spark.executor.extraClassPath", ""))) {
            throw refused(master, "gets no pairviz jars on its executors from the ./pairviz launcher, which ships none: submit "
                    + "with spark-submit as docs/spark.md shows, or set spark.executor.extraClassPath to where the jars lie on "
                    + "every worker");
        }
    }

    /** Refuses a cluster manager whose Spark module is not on the class path. */
    private static void module(String master, String manager, String artifact) {
        try {
            Class.forName(MANAGERS.get(manager), false, Master.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw refused(master, "needs Spark's " + artifact + " module, which is not on the class path: submit with spark-submit "
                    + "from a Spark distribution that has it (docs/spark.md)");
        }
    }

    /** Refuses a standalone master of which no address accepts a connection within {@link #REACH}. */
    private static void reach(String master, List<InetSocketAddress> masters) {
        long deadline = System.nanoTime() + REACH.toNanos();
        String why = null;
        for (InetSocketAddress a : masters) {
            int left = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(a.getHostString(), a.getPort()), left);
                return;
            } catch (IOException | IllegalArgumentException e) {
                why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (e instanceof java.nio.channels.UnresolvedAddressException || e instanceof java.net.UnknownHostException) {
                    why = "unknown host " + a.getHostString();
                }
            }
        }
        throw refused(master, "does not answer within " + REACH.toSeconds() + " s (" + why + "): start the master, or give the URL "
                + "its web UI shows (spark://HOST:7077 by default)");
    }

    /**
     * Waits until a standalone master has granted the application an executor, at most
     * {@code spark.pairviz.executorWait} seconds (default {@value #EXECUTOR_WAIT_S}): an executor
     * larger than every worker is never granted, and Spark would wait for ever ("Initial job has
     * not accepted any resources"). Only for {@code spark://} masters without dynamic allocation,
     * whose executors start with the application; the others start executors with the tasks.
     *
     * @throws PairvizException if none came, or the master gave up on the application
     */
    static void awaitExecutors(SparkContext sc) {
        String master = sc.master();
        if (!master.startsWith("spark://") || sc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            return;
        }
        long wait = sc.getConf().getLong(EXECUTOR_WAIT, EXECUTOR_WAIT_S);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(wait);
        while (sc.statusTracker().getExecutorInfos().length < 2) { // the driver is one of them
            if (sc.isStopped()) {
                throw refused(master, "stopped the application before any executor came (see the master's log: every master "
                        + "unresponsive, or the application refused)");
            }
            if (System.nanoTime() > deadline) {
                throw refused(master, "granted no executor within " + wait + " s: no worker has the cores and memory asked for "
                        + "(spark.executor.cores=" + sc.getConf().get("spark.executor.cores", "all of a worker's")
                        + ", spark.executor.memory=" + sc.getConf().get("spark.executor.memory", "1g") + "; the workers' are in the "
                        + "master's web UI): ask for executors that fit a worker (docs/spark.md), or wait longer with --conf "
                        + EXECUTOR_WAIT + "=SECONDS");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw refused(master, "was waited for, and the wait was interrupted");
            }
        }
    }

    /** The Spark setting of how long to wait for a standalone master's first executor, in seconds. */
    static final String EXECUTOR_WAIT = "spark.pairviz.executorWait";
    /** The default of {@link #EXECUTOR_WAIT}. */
    static final long EXECUTOR_WAIT_S = 60;

    private static PairvizException refused(String master, String why) {
        return new PairvizException("master '" + master + "' " + why);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

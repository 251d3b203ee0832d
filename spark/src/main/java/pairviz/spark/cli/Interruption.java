package pairviz.spark.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import pairviz.PairvizException;

/**
 * Ctrl-C (or any signal that stops the JVM) during a command. Spark's own shutdown hook stops
 * the context, so the running job fails as "cancelled because SparkContext was shut down": that
 * failure is reported as an interruption with exit code {@link #EXIT_CODE}, not as an internal
 * error. What was finished stays: {@code spark embed} writes each partition's file whole (a
 * temporary name renamed at the end) and a rerun resumes from them.
 */
final class Interruption {
    private Interruption() {}

    /** The exit code of a command stopped by Ctrl-C (128 + SIGINT), as the JVM itself gives. */
    static final int EXIT_CODE = 130;

    /** How long the JVM's shutdown waits for the command to say it was interrupted. */
    private static final long REPORT_WAIT_MS = 3000;

    private static final AtomicBoolean WATCHING = new AtomicBoolean();
    private static final CountDownLatch REPORTED = new CountDownLatch(1);
    private static volatile boolean happened;

    /** Starts watching for the JVM's shutdown (once per JVM). */
    static void watch() {
        if (WATCHING.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                happened = true;
                try { // let the command's failure line out before the JVM halts
                    REPORTED.await(REPORT_WAIT_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "pairviz interruption"));
        }
    }

    /** The command has said how it ended: the shutdown need not wait any longer. */
    static void reported() {
        REPORTED.countDown();
    }

    /** Whether the JVM is shutting down (its shutdown hooks run). */
    static boolean happened() {
        if (happened) {
            return true;
        }
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
        } catch (IllegalStateException e) {
            return true; // "Shutdown in progress"
        }
        Runtime.getRuntime().removeShutdownHook(probe);
        return false;
    }

    /**
     * What to report of a command's failure {@code e} when {@code shuttingDown}: an interruption
     * (exit code 130), else {@code e}.
     */
    static Throwable reported(Throwable e, boolean shuttingDown) {
        if (!shuttingDown) {
            return e;
        }
        return new PairvizException("interrupted: what was finished is kept (spark embed resumes from the partitions it wrote "
                + "when the same command runs again)", e, EXIT_CODE);
    }
}

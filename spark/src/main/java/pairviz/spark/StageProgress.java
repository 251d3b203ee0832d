package pairviz.spark;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import pairviz.util.TerminalProgress;

/**
 * Progress of one stage of a pairviz job: a bar of its tasks on a terminal (pairviz's own bars),
 * and one line on stderr when it is done, with how long it took.
 */
public final class StageProgress {
    private StageProgress() {}

    /**
     * Runs {@code job} (the Spark actions of one stage of pairviz's work), counting the tasks that
     * end meanwhile against {@code tasks}.
     *
     * @param stage what is done, for the bar and the line ("embed", "search")
     * @param unit  what a task is ("partition", "block pair")
     */
    public static <T> T run(JavaSparkContext sc, String command, String stage, int tasks, String unit, Supplier<T> job) {
        AtomicInteger ended = new AtomicInteger();
        long start = System.nanoTime();
        try (ProgressBar bar = TerminalProgress.bar(stage, tasks, unit)) {
            SparkListener listener = new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    bar.stepTo(Math.min(tasks, ended.incrementAndGet()));
                }
            };
            sc.sc().addSparkListener(listener);
            try {
                sc.setJobDescription(command + ": " + stage);
                return job.get();
            } finally {
                sc.sc().removeSparkListener(listener);
                sc.setJobDescription(null);
            }
        } finally {
            System.err.printf("pairviz %s: %s: %d %s%s in %.1f s%n", command, stage, tasks, unit,
                    tasks == 1 ? "" : "s", (System.nanoTime() - start) / 1e9);
        }
    }
}

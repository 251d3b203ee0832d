package pairviz.util;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on stderr, with rate and time left, drawn only when the user watches a terminal:
 * redirected to a file or a pipe (a log, a CI run, a test), stderr keeps to real messages.
 *
 * <p>As a {@link ProgressListener} it opens its bar at the first report and closes it when the
 * task ends ({@code done == total}) or at {@link #close()}, so that the bars of successive tasks
 * follow each other.
 */
public final class TerminalProgress implements ProgressListener, AutoCloseable {
    private final String task;
    private final String unit;
    private ProgressBar bar;

    /** A listener drawing a bar of {@code unit}s (e.g. "images") for {@code task}. */
    public TerminalProgress(String task, String unit) {
        this.task = task;
        this.unit = unit;
    }

    @Override
    public synchronized void progress(long done, long total) {
        if (bar == null) {
            bar = bar(task, total, unit);
        }
        bar.maxHint(total);
        bar.stepTo(done);
        if (done >= total) {
            close();
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** A bar for {@code total} {@code unit}s of {@code task}, drawn on a terminal only. */
    public static ProgressBar bar(String task, long total, String unit) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setConsumer(onTerminal() ? new ConsoleProgressBarConsumer(System.err) : SILENT)
                .build();
    }

    /**
     * Whether the process runs on a terminal. Java cannot ask about stderr alone; {@link
     * System#console()} is null as soon as stdin or stdout is redirected, which is when no one
     * watches a bar either.
     */
    static boolean onTerminal() {
        return System.console() != null;
    }

    /** Draws nothing. */
    private static final ProgressBarConsumer SILENT = new ProgressBarConsumer() {
        @Override
        public int getMaxRenderedLength() {
            return 80;
        }

        @Override
        public void accept(String rendered) {
            // not on a terminal: no bar
        }

        @Override
        public void close() {
            // nothing to release
        }
    };
}

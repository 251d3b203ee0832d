package pairviz.util;

/**
 * Told how far a long task has come: {@code done} of {@code total} units (images, triplets,
 * tasks). The total may change while an estimate sharpens; a call with {@code done == total}
 * says the task has finished. The library reports through it and draws nothing;
 * {@link TerminalProgress} is the implementation that draws a bar on a terminal.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Hears nothing. */
    ProgressListener NONE = (done, total) -> { };

    /**
     * @param done units finished so far
     * @param total units of the whole task (an estimate until the task ends)
     */
    void progress(long done, long total);
}

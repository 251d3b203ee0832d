package pairviz.train;

/** What a {@link Trainer} reports while it runs (the command line draws a progress bar from it). */
public interface TrainListener {

    /** Training starts (or resumes) at iteration {@code from} of {@code iterations}. */
    default void started(int from, int iterations) {}

    /**
     * An iteration is done.
     *
     * @param done iterations done so far (including those before a resume)
     * @param loss the batch's loss
     * @param lr the learning rate it used
     * @param imagesPerSecond training throughput since this session started
     */
    default void stepped(int done, float loss, double lr, double imagesPerSecond) {}

    /** A line of information (checkpoint written, evaluation result). */
    default void info(String line) {}

    /**
     * Training stopped early on request ({@link Trainer#requestStop}) after saving {@code iteration};
     * resuming the run continues it from there.
     */
    default void stopped(int iteration) {
        info("stopped at iteration " + iteration + " (saved); resuming the run continues it");
    }

    /** A problem that does not stop training (an unreadable image). */
    default void warning(String line) {}

    /** Reports nothing. */
    TrainListener SILENT = new TrainListener() {};
}

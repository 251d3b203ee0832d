package pairviz.explain;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many forward and backward passes of the network the explainers ran in this JVM, and how
 * long they took: the proof of the schedule (one forward pass per image, whatever the number of
 * its partners) and what {@code pairviz bench} reports per mode. Counts only; never reset, so a
 * reader takes the difference of two {@link #now()} snapshots.
 */
public final class PassCounts {
    private static final AtomicLong FORWARD_PASSES = new AtomicLong();
    private static final AtomicLong FORWARD_IMAGES = new AtomicLong();
    private static final AtomicLong FORWARD_NANOS = new AtomicLong();
    private static final AtomicLong BACKWARD_PASSES = new AtomicLong();
    private static final AtomicLong BACKWARD_IMAGES = new AtomicLong();
    private static final AtomicLong BACKWARD_NANOS = new AtomicLong();

    private PassCounts() {}

    /**
     * A reading of the counters.
     *
     * @param forwardPasses network forward passes (a batch is one pass), with or without autograd
     * @param forwardImages images those passes ran on
     * @param forwardSeconds their time
     * @param backwardPasses backward passes
     * @param backwardImages images in the batches those passes went through
     * @param backwardSeconds their time
     */
    public record Snapshot(long forwardPasses, long forwardImages, double forwardSeconds, long backwardPasses,
            long backwardImages, double backwardSeconds) {
        /** What was counted since {@code earlier}. */
        public Snapshot since(Snapshot earlier) {
            return new Snapshot(forwardPasses - earlier.forwardPasses, forwardImages - earlier.forwardImages,
                    forwardSeconds - earlier.forwardSeconds, backwardPasses - earlier.backwardPasses,
                    backwardImages - earlier.backwardImages, backwardSeconds - earlier.backwardSeconds);
        }
    }

    /** The counters now. */
    public static Snapshot now() {
        return new Snapshot(FORWARD_PASSES.get(), FORWARD_IMAGES.get(), FORWARD_NANOS.get() / 1e9, BACKWARD_PASSES.get(),
                BACKWARD_IMAGES.get(), BACKWARD_NANOS.get() / 1e9);
    }

    static void forward(int images, long startNanos) {
        FORWARD_PASSES.incrementAndGet();
        FORWARD_IMAGES.addAndGet(images);
        FORWARD_NANOS.addAndGet(System.nanoTime() - startNanos);
    }

    static void backward(int images, long startNanos) {
        BACKWARD_PASSES.incrementAndGet();
        BACKWARD_IMAGES.addAndGet(images);
        BACKWARD_NANOS.addAndGet(System.nanoTime() - startNanos);
    }
}

package pairviz.train;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.data.Sample;

/**
 * Decodes and augments the images of a batch on worker threads.
 *
 * <p>The augmentation of slot {@code i} of batch {@code t} draws from its own random stream (a
 * function of the seed, {@code t} and {@code i}), so the pixels do not depend on the number of
 * threads or on the order in which they finish. An image that cannot be read is reported once
 * (its path and why) to the warning consumer, counted, and left out of the batch.
 */
public final class BatchLoader implements AutoCloseable {

    /**
     * The network inputs of one batch.
     *
     * @param iteration the batch's iteration
     * @param pixels [n, 3, S, S] row-major
     * @param labels [n] class numbers
     * @param size n, the images actually loaded
     */
    public record Loaded(int iteration, float[] pixels, long[] labels, int size) {}

    private final List<Sample> samples;
    private final Augmentation augmentation;
    private final long seed;
    private final ExecutorService pool;
    private final Consumer<String> warnings;
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

    /**
     * @param samples the training images, indexed as the sampler indexes them
     * @param threads worker threads, at least 1
     * @param seed seed of the augmentation streams
     * @param warnings receives one line per unreadable image (called from worker threads)
     */
    public BatchLoader(List<Sample> samples, Augmentation augmentation, int threads, long seed, Consumer<String> warnings) {
        if (threads < 1) {
            throw BadParameterException.of("threads", "must be at least 1, not " + threads);
        }
        this.samples = List.copyOf(samples);
        this.augmentation = augmentation;
        this.seed = seed;
        this.warnings = warnings;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "pairviz-loader");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts loading a batch; the future completes when every image is decoded or skipped. */
    public CompletableFuture<Loaded> submit(ClassBalancedSampler.Batch batch) {
        int n = batch.samples().length;
        int plane = 3 * augmentation.imageSize() * augmentation.imageSize();
        List<CompletableFuture<float[]>> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int slot = i;
            parts.add(CompletableFuture.supplyAsync(() -> loadOne(batch, slot), pool));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            float[] pixels = new float[n * plane];
            long[] labels = new long[n];
            int kept = 0;
            for (int i = 0; i < n; i++) {
                float[] chw = parts.get(i).join();
                if (chw != null) {
                    System.arraycopy(chw, 0, pixels, kept * plane, plane);
                    labels[kept++] = batch.classes()[i];
                }
            }
            if (kept == 0) {
                throw new PairvizException("batch " + batch.iteration() + ": none of its " + n + " images could be read");
            }
            return new Loaded(batch.iteration(), kept == n ? pixels : java.util.Arrays.copyOf(pixels, kept * plane),
                    kept == n ? labels : java.util.Arrays.copyOf(labels, kept), kept);
        });
    }

    /** The augmented image of one slot, or null when its file cannot be read. */
    private float[] loadOne(ClassBalancedSampler.Batch batch, int slot) {
        Sample sample = samples.get(batch.samples()[slot]);
        BufferedImage image;
        try {
            image = sample.load();
        } catch (PairvizException e) {
            if (unreadable.add(sample.id())) {
                warnings.accept("skipped (left out of training): " + e.getMessage());
            }
            return null;
        }
        long stream = ClassBalancedSampler.mix(ClassBalancedSampler.mix(seed, batch.iteration()), slot);
        return augmentation.train(image, new SplittableRandom(stream));
    }

    /** The images found unreadable so far (their ids, i.e. paths). */
    public Set<String> unreadable() {
        return Set.copyOf(unreadable);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

package pairviz.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import pairviz.PairvizException;
import pairviz.data.Sample;
import pairviz.model.EmbeddingModel;

/**
 * The embeddings of test images under a model, as {@code pairviz explain} sees the images
 * (resized, normalised, no augmentation). Decoding runs on worker threads; an unreadable image
 * is reported and left out.
 *
 * @param embeddings one row per image read, [N][E]
 * @param labels the label of each row
 * @param unreadable the ids of the images left out
 */
public record TestEmbeddings(float[][] embeddings, List<String> labels, List<String> unreadable) {

    /**
     * Embeds {@code samples} in batches of {@code batch}.
     *
     * @param warnings receives one line per unreadable image
     */
    public static TestEmbeddings of(EmbeddingModel model, List<Sample> samples, Augmentation augmentation, int threads,
            int batch, Consumer<String> warnings) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "pairviz-test-loader");
            t.setDaemon(true);
            return t;
        });
        int size = model.config().imageSize();
        List<float[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        try {
            for (int start = 0; start < samples.size(); start += batch) {
                List<Sample> chunk = samples.subList(start, Math.min(samples.size(), start + batch));
                List<CompletableFuture<float[]>> inputs = new ArrayList<>();
                for (Sample s : chunk) {
                    inputs.add(CompletableFuture.supplyAsync(() -> input(s, augmentation), pool));
                }
                List<float[]> kept = new ArrayList<>();
                for (int i = 0; i < chunk.size(); i++) {
                    float[] x = inputs.get(i).join();
                    if (x == null) {
                        unreadable.add(chunk.get(i).id());
                        warnings.accept("skipped (left out of the evaluation): cannot read image " + chunk.get(i).id());
                    } else {
                        kept.add(x);
                        labels.add(chunk.get(i).label());
                    }
                }
                if (!kept.isEmpty()) {
                    rows.addAll(embed(model, kept, size));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new TestEmbeddings(rows.toArray(float[][]::new), labels, unreadable);
    }

    private static float[] input(Sample s, Augmentation augmentation) {
        BufferedImage image;
        try {
            image = s.load();
        } catch (PairvizException e) {
            return null;
        }
        return augmentation.test(image);
    }

    /** Runs one batch of inputs [3, S, S] through the network: rows of the embedding beta. */
    private static List<float[]> embed(EmbeddingModel model, List<float[]> inputs, int size) {
        int plane = 3 * size * size;
        float[] pixels = new float[inputs.size() * plane];
        for (int i = 0; i < inputs.size(); i++) {
            System.arraycopy(inputs.get(i), 0, pixels, i * plane, plane);
        }
        try (NDManager local = model.manager().newSubManager()) {
            NDArray images = local.create(FloatBuffer.wrap(pixels), new Shape(inputs.size(), 3, size, size));
            NDArray beta = model.trace(images).beta(); // [B, E]
            int e = (int) beta.getShape().get(1);
            float[] flat = beta.toFloatArray();
            List<float[]> out = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                out.add(java.util.Arrays.copyOfRange(flat, i * e, (i + 1) * e));
            }
            return out;
        }
    }
}

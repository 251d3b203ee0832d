package pairviz.web;

import java.nio.file.Path;
import java.util.List;

/**
 * How {@code pairviz serve} runs. How photos become the network's input is the model's own
 * {@link pairviz.loading.EmbeddingModel#preprocessing()} (resolved by the loader from the model and
 * the flags), for uploads and gallery images alike, as on the command line.
 *
 * @param host address to bind (loopback unless said otherwise)
 * @param port TCP port, 0 for any free one
 * @param galleries dataset folders (any format with image files) whose images may be read and searched
 * @param batch images per forward pass when embedding a gallery
 * @param maxUploadBytes largest accepted image file
 * @param maxPixels largest accepted {@code width * height}, checked from the header before decoding
 * @param workers threads running the network
 * @param queue requests that may wait for a worker; beyond that the answer is 503
 */
public record WebOptions(String host, int port, List<Path> galleries, int batch,
        long maxUploadBytes, long maxPixels, int workers, int queue) {

    /** Default bind address: loopback only. */
    public static final String LOOPBACK = "127.0.0.1";

    public WebOptions {
        galleries = List.copyOf(galleries);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        if (batch < 1 || workers < 1 || queue < 0) {
            throw new IllegalArgumentException("batch and workers must be at least 1, queue at least 0");
        }
        if (maxUploadBytes < 1 || maxPixels < 4) {
            throw new IllegalArgumentException("upload limits must be positive");
        }
    }

    /**
     * Largest upload by default, in pixels: a 12-megapixel photo (4000 x 3000). Lower than the
     * command line's {@link pairviz.image.ImageFiles#DEFAULT_MAX_PIXELS}: every upload is decoded
     * at full size before it is scaled to the network's input, and a 40-megapixel 16-bit image cost
     * 5 s and 190 MB of heap that the server kept.
     */
    public static final long DEFAULT_MAX_PIXELS = 12_000_000L;

    /** Loopback, port 8080, no gallery, batch 8, 20 MB / 12 megapixel uploads, 2 workers, 16 queued. */
    public static WebOptions defaults() {
        return new WebOptions(LOOPBACK, 8080, List.of(), 8, 20L << 20, DEFAULT_MAX_PIXELS, 2, 16);
    }

    public WebOptions withAddress(String host, int port) {
        return new WebOptions(host, port, galleries, batch, maxUploadBytes, maxPixels, workers, queue);
    }

    public WebOptions withGalleries(List<Path> galleries) {
        return new WebOptions(host, port, galleries, batch, maxUploadBytes, maxPixels, workers, queue);
    }

    /** @param batch images per forward pass when embedding a gallery */
    public WebOptions withBatch(int batch) {
        return new WebOptions(host, port, galleries, batch, maxUploadBytes, maxPixels, workers, queue);
    }

    public WebOptions withLimits(long maxUploadBytes, long maxPixels) {
        return new WebOptions(host, port, galleries, batch, maxUploadBytes, maxPixels, workers, queue);
    }

    public WebOptions withConcurrency(int workers, int queue) {
        return new WebOptions(host, port, galleries, batch, maxUploadBytes, maxPixels, workers, queue);
    }
}

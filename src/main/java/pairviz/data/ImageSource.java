package pairviz.data;

import java.awt.image.BufferedImage;

/**
 * Where one image comes from: a file on disk or pixels held in memory. Decoding is deferred to
 * {@link #load()}, so a dataset of a million images costs a million small objects, not a million
 * decoded pictures.
 */
public interface ImageSource {

    /**
     * A stable name for this image, unique within its dataset: the file path for files, or a
     * name such as {@code fashion-mnist/train/123} for in-memory images. Used in output file
     * names and messages.
     */
    String id();

    /**
     * Decodes the image as 8-bit sRGB without alpha ({@link BufferedImage#TYPE_INT_RGB}); grey
     * images come back with R = G = B, alpha is dropped.
     *
     * @throws pairviz.PairvizException if the image is missing or cannot be decoded
     */
    BufferedImage load();
}

package pairviz.data.scenes;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import pairviz.PairvizException;

/**
 * An image of small integer labels (0-255), one per pixel, row-major: an instance mask (0 =
 * background, k = object k) or a semantic segmentation (0 = background, k = shape class k).
 * Stored as an 8-bit greyscale PNG whose grey values are the labels.
 */
public final class LabelMap {
    private final int width;
    private final int height;
    private final byte[] labels;

    /** An all-zero map. */
    public LabelMap(int width, int height) {
        this(width, height, new byte[Math.multiplyExact(width, height)]);
    }

    private LabelMap(int width, int height, byte[] labels) {
        if (width < 1 || height < 1 || labels.length != width * height) {
            throw new IllegalArgumentException("bad label map size " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.labels = labels;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The label at (x, y). */
    public int get(int x, int y) {
        return labels[y * width + x] & 0xFF;
    }

    /** Sets the label at (x, y) to {@code label} (0-255). */
    public void set(int x, int y, int label) {
        if (label < 0 || label > 255) {
            throw new IllegalArgumentException("label " + label + " outside 0..255");
        }
        labels[y * width + x] = (byte) label;
    }

    /** How many pixels carry {@code label}. */
    public int count(int label) {
        int n = 0;
        for (byte b : labels) {
            if ((b & 0xFF) == label) {
                n++;
            }
        }
        return n;
    }

    /** Pixel counts per label, indexed 0..255. */
    public int[] histogram() {
        int[] h = new int[256];
        for (byte b : labels) {
            h[b & 0xFF]++;
        }
        return h;
    }

    /** The map as an 8-bit greyscale image (grey value = label). */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(labels, 0, data, 0, labels.length);
        return image;
    }

    /** Reads a map from the first band of an image's raster (no colour conversion). */
    public static LabelMap fromImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] row = new int[w];
        byte[] labels = new byte[w * h];
        for (int y = 0; y < h; y++) {
            image.getRaster().getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                labels[y * w + x] = (byte) row[x];
            }
        }
        return new LabelMap(w, h, labels);
    }

    /** Writes the map as an 8-bit greyscale PNG, atomically. */
    public void write(Path file) {
        Png.write(file, toImage());
    }

    /**
     * Reads a map written by {@link #write}.
     *
     * @throws PairvizException if the file is missing or not a single-channel image
     */
    public static LabelMap read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PairvizException("label map not found: " + file);
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (image == null || image.getRaster().getNumBands() != 1) {
            throw new PairvizException(file + " is not a single-channel label map PNG");
        }
        return fromImage(image);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMap m && m.width == width && m.height == height && Arrays.equals(m.labels, labels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "LabelMap[" + width + "x" + height + "]";
    }
}

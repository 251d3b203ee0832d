package pairviz.data.scenes;

import java.util.Arrays;

/** A yes/no value per pixel, row-major: e.g. the pixels of image A showing objects it shares with B. */
public final class PixelMask {
    private final int width;
    private final int height;
    private final boolean[] pixels;

    /** An all-false mask. */
    public PixelMask(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("bad mask size " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.pixels = new boolean[Math.multiplyExact(width, height)];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public boolean get(int x, int y) {
        return pixels[y * width + x];
    }

    public void set(int x, int y, boolean value) {
        pixels[y * width + x] = value;
    }

    /** How many pixels are set. */
    public int count() {
        int n = 0;
        for (boolean p : pixels) {
            if (p) {
                n++;
            }
        }
        return n;
    }

    /**
     * The fraction of each cell of a {@code gridW x gridH} grid that is set, row-major
     * ({@code [gridH * gridW]}), e.g. per ViT patch. Pixel (x, y) falls in cell
     * ({@code x * gridW / width}, {@code y * gridH / height}); with sizes that divide evenly
     * every cell has the same number of pixels.
     */
    public float[] coverage(int gridW, int gridH) {
        if (gridW < 1 || gridH < 1 || gridW > width || gridH > height) {
            throw new IllegalArgumentException("grid " + gridW + "x" + gridH + " for a " + width + "x" + height + " mask");
        }
        int[] set = new int[gridW * gridH];
        int[] all = new int[gridW * gridH];
        for (int y = 0; y < height; y++) {
            int gy = (int) ((long) y * gridH / height);
            for (int x = 0; x < width; x++) {
                int cell = gy * gridW + (int) ((long) x * gridW / width);
                all[cell]++;
                if (pixels[y * width + x]) {
                    set[cell]++;
                }
            }
        }
        float[] frac = new float[set.length];
        for (int i = 0; i < frac.length; i++) {
            frac[i] = (float) set[i] / all[i];
        }
        return frac;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PixelMask m && m.width == width && m.height == height && Arrays.equals(m.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "PixelMask[" + width + "x" + height + ", " + count() + " set]";
    }
}

package pairviz.eval.faithfulness;

import java.util.BitSet;
import pairviz.image.GaussianBlur;

/**
 * Changes whole patches of a network input: the pixels of chosen grid cells are taken from
 * another image (a baseline, or the original when inserting). Works on normalised 3 x S x S
 * tensors; pixel (x, y) belongs to cell ({@code y * rows / S}, {@code x * cols / S}), as in
 * {@link pairviz.data.scenes.PixelMask#coverage}.
 */
public final class Perturbation {
    private final int size;
    private final int cells;
    private final int[] cellOfPixel; // [S * S]

    /**
     * @param size the input side S
     * @param rows the grid's rows
     * @param cols the grid's columns
     */
    public Perturbation(int size, int rows, int cols) {
        if (size < 1 || rows < 1 || cols < 1 || rows > size || cols > size) {
            throw new IllegalArgumentException("grid " + rows + "x" + cols + " on " + size + " pixels");
        }
        this.size = size;
        this.cells = rows * cols;
        this.cellOfPixel = new int[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                cellOfPixel[y * size + x] = (y * rows / size) * cols + x * cols / size;
            }
        }
    }

    /** The number of patches. */
    public int cells() {
        return cells;
    }

    /** The input side S. */
    public int size() {
        return size;
    }

    /** A copy of {@code image} whose pixels in {@code replaced} cells come from {@code fill}. */
    public float[] replace(float[] image, float[] fill, BitSet replaced) {
        int plane = size * size;
        if (image.length != 3 * plane || fill.length != 3 * plane) {
            throw new IllegalArgumentException("images must be 3 x " + size + " x " + size);
        }
        float[] out = image.clone();
        for (int i = 0; i < plane; i++) {
            if (replaced.get(cellOfPixel[i])) {
                for (int c = 0; c < 3; c++) {
                    out[c * plane + i] = fill[c * plane + i];
                }
            }
        }
        return out;
    }

    /** An image of one colour: {@code colour[c]} everywhere in channel c; 3 x S x S. */
    public float[] constant(float[] colour) {
        int plane = size * size;
        float[] out = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            java.util.Arrays.fill(out, c * plane, (c + 1) * plane, colour[c]);
        }
        return out;
    }

    /** A Gaussian blur of each channel ({@link GaussianBlur}); normalised tensors can be blurred directly. */
    public float[] blur(float[] image, double sigma) {
        return GaussianBlur.apply(image, size, sigma);
    }
}

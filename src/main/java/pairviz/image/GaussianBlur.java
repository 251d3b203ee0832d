package pairviz.image;

/**
 * A Gaussian blur of each channel of a 3 x S x S image (separable, kernel radius 3 sigma, edges
 * clamped). Blurring commutes with a per-channel normalisation, so normalised network inputs can
 * be blurred directly: the blurred input is the input of the blurred photo.
 */
public final class GaussianBlur {
    private GaussianBlur() {}

    /**
     * The blurred copy of {@code image}.
     *
     * @param image 3 x S x S, channel-major
     * @param size S
     * @param sigma the standard deviation in pixels (0 or less: a copy)
     */
    public static float[] apply(float[] image, int size, double sigma) {
        int plane = size * size;
        if (image.length != 3 * plane) {
            throw new IllegalArgumentException("image of " + image.length + " values, expected 3 x " + size + " x " + size);
        }
        if (!(sigma > 0)) {
            return image.clone();
        }
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        float[] tmp = new float[3 * plane];
        float[] out = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            int off = c * plane;
            for (int y = 0; y < size; y++) { // along x
                for (int x = 0; x < size; x++) {
                    float s = 0;
                    for (int i = -r; i <= r; i++) {
                        s += k[i + r] * image[off + y * size + clamp(x + i, size)];
                    }
                    tmp[off + y * size + x] = s;
                }
            }
            for (int y = 0; y < size; y++) { // along y
                for (int x = 0; x < size; x++) {
                    float s = 0;
                    for (int i = -r; i <= r; i++) {
                        s += k[i + r] * tmp[off + clamp(y + i, size) * size + x];
                    }
                    out[off + y * size + x] = s;
                }
            }
        }
        return out;
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size - 1, v));
    }
}

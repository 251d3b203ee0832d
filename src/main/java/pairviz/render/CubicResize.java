package pairviz.render;

/**
 * Bicubic resizing of a single-channel float map, as OpenCV's
 * {@code cv2.resize(src, (dstW, dstH), interpolation=cv2.INTER_CUBIC)} computes it on float32.
 *
 * <p>Output pixel centres map to {@code (d + 0.5) * src / dst - 0.5} in the source (half-pixel
 * centres); weights are Keys' cubic with {@code A = -0.75}; indices beyond the edge are clamped
 * (border replicate). Like OpenCV, the map is resized horizontally then vertically, in float32,
 * with the same coefficients and summation order (checked bit for bit against Debian's OpenCV 4.6,
 * whose baseline is SSE2). No antialiasing when shrinking.
 */
public final class CubicResize {
    private static final float A = -0.75f;
    /** Float lanes of OpenCV's baseline (SSE2) vertical loop; its summation order differs from the tail's. */
    private static final int SIMD_LANES = 4;

    private CubicResize() {}

    /**
     * Resizes {@code src} ([srcH, srcW] row-major) to [dstH, dstW].
     *
     * @return a new [dstH * dstW] array
     */
    public static float[] resize(float[] src, int srcH, int srcW, int dstH, int dstW) {
        if (srcH < 1 || srcW < 1 || dstH < 1 || dstW < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        if (src.length != srcH * srcW) {
            throw new IllegalArgumentException("map has " + src.length + " values, expected " + srcH + " x " + srcW);
        }
        Taps xs = Taps.of(srcW, dstW);
        Taps ys = Taps.of(srcH, dstH);

        // horizontal pass on every source row: [srcH, srcW] -> [srcH, dstW]
        float[] rows = new float[srcH * dstW];
        for (int r = 0; r < srcH; r++) {
            int base = r * srcW;
            for (int dx = 0; dx < dstW; dx++) {
                int k = dx * 4;
                rows[r * dstW + dx] = src[base + xs.index[k]] * xs.weight[k]
                        + src[base + xs.index[k + 1]] * xs.weight[k + 1]
                        + src[base + xs.index[k + 2]] * xs.weight[k + 2]
                        + src[base + xs.index[k + 3]] * xs.weight[k + 3];
            }
        }
        // vertical pass: [srcH, dstW] -> [dstH, dstW]
        float[] out = new float[dstH * dstW];
        for (int dy = 0; dy < dstH; dy++) {
            int k = dy * 4;
            int r0 = ys.index[k] * dstW;
            int r1 = ys.index[k + 1] * dstW;
            int r2 = ys.index[k + 2] * dstW;
            int r3 = ys.index[k + 3] * dstW;
            float b0 = ys.weight[k];
            float b1 = ys.weight[k + 1];
            float b2 = ys.weight[k + 2];
            float b3 = ys.weight[k + 3];
            int o = dy * dstW;
            // OpenCV's SSE loop (4 lanes, nested v_muladd) sums right to left ...
            int simd = dstW - dstW % SIMD_LANES;
            for (int dx = 0; dx < simd; dx++) {
                out[o + dx] = b0 * rows[r0 + dx] + (b1 * rows[r1 + dx] + (b2 * rows[r2 + dx] + b3 * rows[r3 + dx]));
            }
            // ... and its scalar tail left to right
            for (int dx = simd; dx < dstW; dx++) {
                out[o + dx] = b0 * rows[r0 + dx] + b1 * rows[r1 + dx] + b2 * rows[r2 + dx] + b3 * rows[r3 + dx];
            }
        }
        return out;
    }

    /** For each output index along one axis: 4 clamped source indices and their 4 weights. */
    private record Taps(int[] index, float[] weight) {
        static Taps of(int srcSize, int dstSize) {
            double scale = 1.0 / ((double) dstSize / srcSize);
            int[] index = new int[dstSize * 4];
            float[] weight = new float[dstSize * 4];
            float[] c = new float[4];
            for (int d = 0; d < dstSize; d++) {
                float f = (float) ((d + 0.5) * scale - 0.5);
                int s = (int) Math.floor(f);
                f -= s;
                coefficients(f, c);
                for (int k = 0; k < 4; k++) {
                    index[d * 4 + k] = Math.min(Math.max(s - 1 + k, 0), srcSize - 1);
                    weight[d * 4 + k] = c[k];
                }
            }
            return new Taps(index, weight);
        }
    }

    /** OpenCV's {@code interpolateCubic}: the 4 weights for fractional offset {@code x}, in float32. */
    private static void coefficients(float x, float[] c) {
        c[0] = ((A * (x + 1) - 5 * A) * (x + 1) + 8 * A) * (x + 1) - 4 * A;
        c[1] = ((A + 2) * x - (A + 3)) * x * x + 1;
        c[2] = ((A + 2) * (1 - x) - (A + 3)) * (1 - x) * (1 - x) + 1;
        c[3] = 1.f - c[0] - c[1] - c[2];
    }
}

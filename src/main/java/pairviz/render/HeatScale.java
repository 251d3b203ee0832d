package pairviz.render;

import java.util.Arrays;

/**
 * Float-map steps of the reference pictures: bicubic upsampling and min-max normalisation, in
 * float32 as the authors' numpy code computes them.
 */
public final class HeatScale {
    private HeatScale() {}

    /**
     * Upsamples a [mapH, mapW] map to [h, w] with OpenCV's bicubic ({@link CubicResize}).
     *
     * @return [h * w] row-major
     */
    public static float[] upsample(float[] map, int mapH, int mapW, int h, int w) {
        return CubicResize.resize(map, mapH, mapW, h, w);
    }

    /**
     * Min-max normalisation to [0,1]: {@code m = m - min(m); m = m / max(m)}, in float32. A
     * constant map (where the reference would divide 0 by 0) gives all zeros.
     *
     * @throws IllegalArgumentException if the map is empty or holds NaN or infinite values
     */
    public static float[] minMax(float[] map) {
        return scale(map, min(map), null);
    }

    /**
     * Min-max normalisation of two maps on one common scale, so that equal values get equal
     * colours in both pictures of a pair: both are shifted by the smaller minimum and divided by
     * the larger shifted maximum. The larger map then spans [0,1]; the other may span less.
     *
     * @return {@code {a', b'}}
     */
    public static float[][] minMaxShared(float[] a, float[] b) {
        float lo = Math.min(min(a), min(b));
        float hi = Math.max(max(a) - lo, max(b) - lo);
        return new float[][] {scale(a, lo, hi), scale(b, lo, hi)};
    }

    /** {@code (m - lo) / hi}, where {@code hi} defaults to the largest {@code m - lo}; zeros when hi is 0. */
    private static float[] scale(float[] map, float lo, Float hi) {
        float[] out = new float[map.length];
        float top = 0f;
        for (int i = 0; i < map.length; i++) {
            out[i] = map[i] - lo;
            top = Math.max(top, out[i]);
        }
        float divisor = hi == null ? top : hi;
        if (divisor > 0f) {
            for (int i = 0; i < out.length; i++) {
                out[i] = out[i] / divisor;
            }
        } else {
            Arrays.fill(out, 0f);
        }
        return out;
    }

    private static float min(float[] map) {
        check(map);
        float m = Float.POSITIVE_INFINITY;
        for (float v : map) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static float max(float[] map) {
        check(map);
        float m = Float.NEGATIVE_INFINITY;
        for (float v : map) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static void check(float[] map) {
        if (map.length == 0) {
            throw new IllegalArgumentException("empty map");
        }
        for (float v : map) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("map contains NaN or infinite values");
            }
        }
    }
}

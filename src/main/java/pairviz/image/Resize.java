package pairviz.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Image resizing that reproduces Pillow bit for bit (bilinear and bicubic).
 *
 * <p>The reference preprocessing ({@code torchvision.transforms.Resize((h, w))} on a PIL image)
 * calls {@code PIL.Image.resize((w, h), Image.BILINEAR)}. Pillow (9.x, {@code ImagingResample})
 * resizes in two separable passes, horizontal then vertical, each rounding to 8 bits. Each output
 * pixel is a weighted sum of input pixels under a triangle filter centred on the output pixel's
 * centre; when downscaling the filter is widened by the scale factor (antialiasing). Weights are
 * computed in double, normalised to sum 1, then turned into fixed point with 22 fractional bits.
 */
public final class Resize {
    /** Pillow's {@code PRECISION_BITS = 32 - 8 - 2}. */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    /** Pillow's two filters used here, with their support (half-width at scale 1). */
    private enum Filter {
        /** Pillow's {@code bilinear_filter}: the triangle, support 1. */
        BILINEAR(1.0),
        /** Pillow's {@code bicubic_filter}: Keys' cubic with {@code a = -0.5}, support 2. */
        BICUBIC(2.0);

        final double support;

        Filter(double support) {
            this.support = support;
        }

        double at(double x) {
            double a = Math.abs(x);
            if (this == BILINEAR) {
                return a < 1.0 ? 1.0 - a : 0.0;
            }
            final double k = -0.5;
            if (a < 1.0) {
                return ((k + 2.0) * a - (k + 3.0)) * a * a + 1;
            }
            if (a < 2.0) {
                return (((a - 5) * a + 8) * a - 4) * k;
            }
            return 0.0;
        }
    }

    private Resize() {}

    /**
     * Resizes an RGB image to {@code width x height} exactly as Pillow's
     * {@code Image.resize((width, height), Image.BILINEAR)} does.
     *
     * @param image any image; it is first converted to 8-bit RGB with {@link Rgb#of}
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image (a copy when the size already matches)
     */
    public static BufferedImage bilinear(BufferedImage image, int width, int height) {
        return resample(image, width, height, Filter.BILINEAR);
    }

    /**
     * Resizes an RGB image to {@code width x height} exactly as Pillow's
     * {@code Image.resize((width, height), Image.BICUBIC)} does (torchvision's
     * {@code InterpolationMode.BICUBIC} on a PIL image): the same two passes and fixed point as
     * {@link #bilinear}, under Keys' cubic ({@code a = -0.5}, support 2, widened when shrinking);
     * overshoot is clipped to 0..255 after each pass, as Pillow clips it.
     *
     * @param image any image; it is first converted to 8-bit RGB with {@link Rgb#of}
     * @return a new {@link BufferedImage#TYPE_INT_RGB} image (a copy when the size already matches)
     */
    public static BufferedImage bicubic(BufferedImage image, int width, int height) {
        return resample(image, width, height, Filter.BICUBIC);
    }

    /**
     * Resizes with the filter Pillow calls {@code bilinear} or {@code bicubic}.
     *
     * @throws IllegalArgumentException for another name
     */
    public static BufferedImage resample(BufferedImage image, int width, int height, String interpolation) {
        return switch (interpolation) {
            case "bilinear" -> bilinear(image, width, height);
            case "bicubic" -> bicubic(image, width, height);
            default -> throw new IllegalArgumentException("interpolation " + interpolation + ": expected bilinear or bicubic");
        };
    }

    private static BufferedImage resample(BufferedImage image, int width, int height, Filter filter) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("target size must be positive: " + width + "x" + height);
        }
        BufferedImage src = Rgb.of(image);
        int srcW = src.getWidth();
        int srcH = src.getHeight();
        int[] pixels = Rgb.pixels(src); // [srcH * srcW] packed 0xRRGGBB
        if (width != srcW) {
            pixels = horizontal(pixels, srcW, srcH, Kernel.of(srcW, width, filter));
        }
        if (height != srcH) {
            pixels = vertical(pixels, width, srcH, Kernel.of(srcH, height, filter));
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] outPixels = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        System.arraycopy(pixels, 0, outPixels, 0, outPixels.length);
        return out;
    }

    /** [h, inW] -> [h, outW]: each output pixel mixes a run of pixels of its row. */
    private static int[] horizontal(int[] in, int inW, int h, Kernel kernel) {
        int outW = kernel.outSize();
        int[] out = new int[h * outW];
        for (int y = 0; y < h; y++) {
            int row = y * inW;
            for (int x = 0; x < outW; x++) {
                out[y * outW + x] = kernel.apply(in, row + kernel.first(x), 1, x);
            }
        }
        return out;
    }

    /** [inH, w] -> [outH, w]: each output pixel mixes a run of pixels of its column. */
    private static int[] vertical(int[] in, int w, int inH, Kernel kernel) {
        int outH = kernel.outSize();
        int[] out = new int[outH * w];
        for (int y = 0; y < outH; y++) {
            int start = kernel.first(y) * w;
            for (int x = 0; x < w; x++) {
                out[y * w + x] = kernel.apply(in, start + x, w, y);
            }
        }
        return out;
    }

    /**
     * Fixed-point filter weights for resampling one axis, as Pillow's {@code precompute_coeffs}
     * and {@code normalize_coeffs_8bpc} compute them.
     *
     * @param first first input index used by each output index
     * @param count number of input indices used by each output index
     * @param weights weights, {@code ksize} per output index (only {@code count} of them used)
     */
    private record Kernel(int[] first, int[] count, int[] weights, int ksize) {
        static Kernel of(int inSize, int outSize, Filter filter) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support * filterScale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] first = new int[outSize];
            int[] count = new int[outSize];
            int[] weights = new int[outSize * ksize];
            double[] k = new double[ksize];
            for (int o = 0; o < outSize; o++) {
                double center = (o + 0.5) * scale;
                double ss = 1.0 / filterScale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double sum = 0.0;
                for (int i = 0; i < xmax; i++) {
                    double w = filter.at((i + xmin - center + 0.5) * ss);
                    k[i] = w;
                    sum += w;
                }
                for (int i = 0; i < xmax; i++) {
                    double w = sum != 0.0 ? k[i] / sum : k[i];
                    weights[o * ksize + i] = w < 0
                            ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                            : (int) (0.5 + w * (1 << PRECISION_BITS));
                }
                first[o] = xmin;
                count[o] = xmax;
            }
            return new Kernel(first, count, weights, ksize);
        }

        int outSize() {
            return first.length;
        }

        int first(int o) {
            return first[o];
        }

        /** Weighted sum of {@code count[o]} pixels starting at {@code start}, {@code stride} apart. */
        int apply(int[] in, int start, int stride, int o) {
            int base = o * ksize;
            int r = 1 << (PRECISION_BITS - 1);
            int g = r;
            int b = r;
            for (int i = 0, p = start; i < count[o]; i++, p += stride) {
                int w = weights[base + i];
                int px = in[p];
                r += ((px >>> 16) & 0xff) * w;
                g += ((px >>> 8) & 0xff) * w;
                b += (px & 0xff) * w;
            }
            return clip8(r) << 16 | clip8(g) << 8 | clip8(b);
        }
    }

    /** Pillow's {@code clip8}: fixed point back to 0..255. */
    private static int clip8(int v) {
        if (v >= (1 << PRECISION_BITS << 8)) {
            return 255;
        }
        if (v <= 0) {
            return 0;
        }
        return v >> PRECISION_BITS;
    }
}

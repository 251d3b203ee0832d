package pairviz.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.PackedColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Conversion of decoded images to 8-bit RGB the way PIL's {@code convert('RGB')} does it: samples
 * are taken as they are stored (no colour management: embedded ICC profiles are ignored, as PIL
 * ignores them), alpha is dropped without compositing, grey is replicated, palettes are looked up,
 * 16-bit samples keep their high byte and CMYK uses PIL's naive formula.
 */
final class Rgb {
    private Rgb() {}

    /** {@code image} itself when it is already {@link BufferedImage#TYPE_INT_RGB}, else a converted copy. */
    static BufferedImage of(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        if (!convertSamples(image, dst)) {
            // Unusual colour models (float samples, premultiplied alpha, exotic colour spaces):
            // let Java 2D convert to sRGB.
            image.getRGB(0, 0, w, h, dst, 0, w);
            for (int i = 0; i < dst.length; i++) {
                dst[i] &= 0xffffff;
            }
        }
        return out;
    }

    /** The pixels of an RGB image as packed {@code 0xRRGGBB}, row-major [h * w]. */
    static int[] pixels(BufferedImage rgb) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] px = packedInts(rgb);
        if (px != null) { // the raster's own array, copied: no colour model per pixel
            px = java.util.Arrays.copyOf(px, w * h);
        } else {
            px = rgb.getRGB(0, 0, w, h, null, 0, w);
        }
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xffffff;
        }
        return px;
    }

    /**
     * The array of a {@link BufferedImage#TYPE_INT_RGB} image that holds its pixels row by row,
     * from the first, without gaps (an image of its own, not a view into a larger one); else null.
     */
    private static int[] packedInts(BufferedImage image) {
        Raster r = image.getRaster();
        if (image.getType() != BufferedImage.TYPE_INT_RGB || r.getParent() != null
                || !(r.getDataBuffer() instanceof DataBufferInt data) || data.getNumBanks() != 1 || data.getOffset() != 0
                || !(r.getSampleModel() instanceof SinglePixelPackedSampleModel sm) || sm.getScanlineStride() != image.getWidth()
                || r.getSampleModelTranslateX() != 0 || r.getSampleModelTranslateY() != 0) {
            return null;
        }
        return data.getData();
    }

    /** Fills {@code dst} from the raw samples; false when this colour model is not handled here. */
    private static boolean convertSamples(BufferedImage image, int[] dst) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        if (cm instanceof IndexColorModel icm) {
            int[] idx = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, idx);
                for (int x = 0; x < w; x++) {
                    dst[y * w + x] = icm.getRGB(idx[x]) & 0xffffff;
                }
            }
            return true;
        }
        boolean integral = switch (raster.getTransferType()) {
            case DataBuffer.TYPE_BYTE, DataBuffer.TYPE_USHORT, DataBuffer.TYPE_INT -> true;
            default -> false;
        };
        boolean plain = cm instanceof ComponentColorModel || cm instanceof PackedColorModel;
        if (!integral || !plain || cm.isAlphaPremultiplied()) {
            return false;
        }
        if (interleavedBytes(image, dst)) {
            return true;
        }
        int[][] rows = new int[4][w];
        switch (cm.getColorSpace().getType()) {
            case ColorSpace.TYPE_RGB -> {
                for (int y = 0; y < h; y++) {
                    readRow(raster, cm, y, 3, rows);
                    for (int x = 0; x < w; x++) {
                        dst[y * w + x] = rows[0][x] << 16 | rows[1][x] << 8 | rows[2][x];
                    }
                }
            }
            case ColorSpace.TYPE_GRAY -> {
                for (int y = 0; y < h; y++) {
                    readRow(raster, cm, y, 1, rows);
                    for (int x = 0; x < w; x++) {
                        int v = rows[0][x];
                        dst[y * w + x] = v << 16 | v << 8 | v;
                    }
                }
            }
            case ColorSpace.TYPE_CMYK -> {
                for (int y = 0; y < h; y++) {
                    readRow(raster, cm, y, 4, rows);
                    for (int x = 0; x < w; x++) {
                        dst[y * w + x] = cmykToRgb(rows[0][x], rows[1][x], rows[2][x], rows[3][x]);
                    }
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * Fills {@code dst} straight from the bytes of an 8-bit RGB or grey image whose samples are
     * interleaved in one array (what the JPEG and PNG readers make: BGR, RGB, RGBA, ABGR, grey),
     * the same values as the band-by-band path without a call per row and band; false for any
     * other layout.
     */
    private static boolean interleavedBytes(BufferedImage image, int[] dst) {
        ColorModel cm = image.getColorModel();
        Raster r = image.getRaster();
        int type = cm.getColorSpace().getType();
        int colours = type == ColorSpace.TYPE_RGB ? 3 : type == ColorSpace.TYPE_GRAY ? 1 : 0;
        if (colours == 0 || !(cm instanceof ComponentColorModel) || r.getParent() != null
                || !(r.getDataBuffer() instanceof DataBufferByte data) || data.getNumBanks() != 1
                || !(r.getSampleModel() instanceof PixelInterleavedSampleModel sm)
                || r.getSampleModelTranslateX() != 0 || r.getSampleModelTranslateY() != 0) {
            return false;
        }
        for (int b = 0; b < colours; b++) {
            if (cm.getComponentSize(b) != 8) {
                return false;
            }
        }
        byte[] bytes = data.getData();
        int[] offsets = sm.getBandOffsets();
        int base = data.getOffset();
        int stride = sm.getPixelStride();
        int line = sm.getScanlineStride();
        int w = image.getWidth();
        int h = image.getHeight();
        int o0 = offsets[0];
        int o1 = colours == 3 ? offsets[1] : o0;
        int o2 = colours == 3 ? offsets[2] : o0;
        for (int y = 0; y < h; y++) {
            int at = base + y * line;
            int to = y * w;
            for (int x = 0; x < w; x++, at += stride) {
                dst[to + x] = (bytes[at + o0] & 0xff) << 16 | (bytes[at + o1] & 0xff) << 8 | (bytes[at + o2] & 0xff);
            }
        }
        return true;
    }

    /** Reads {@code bands} colour bands of row {@code y} into {@code rows}, scaled to 8 bits. */
    private static void readRow(Raster raster, ColorModel cm, int y, int bands, int[][] rows) {
        int w = raster.getWidth();
        for (int b = 0; b < bands; b++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, b, rows[b]);
            int bits = cm.getComponentSize(b);
            if (bits != 8) {
                int[] row = rows[b];
                for (int x = 0; x < w; x++) {
                    row[x] = to8Bits(row[x], bits);
                }
            }
        }
    }

    /** PIL keeps the high byte of wider samples and stretches narrower ones ({@code v * 255 / max}). */
    static int to8Bits(int v, int bits) {
        return bits > 8 ? v >>> (bits - 8) : v * 255 / ((1 << bits) - 1);
    }

    /**
     * PIL's {@code cmyk2rgb} (Convert.c): with {@code nk = 255 - k},
     * {@code r = nk - round(c * nk / 255)} using its integer {@code MULDIV255}.
     */
    static int cmykToRgb(int c, int m, int y, int k) {
        int nk = 255 - k;
        return clip8(nk - mulDiv255(c, nk)) << 16 | clip8(nk - mulDiv255(m, nk)) << 8 | clip8(nk - mulDiv255(y, nk));
    }

    private static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    private static int clip8(int v) {
        return Math.max(0, Math.min(255, v));
    }
}

package pairviz.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import pairviz.PairvizException;

/** Reading image files and bringing them to the one pixel format the rest of pairviz uses. */
public final class ImageFiles {
    private ImageFiles() {}

    /** File name extensions (lower case, no dot) treated as images when listing folders. */
    public static final Set<String> EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff");

    /** Whether the file name ends in one of {@link #EXTENSIONS} (any case). */
    public static boolean isImageName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Reads an image file as {@link BufferedImage#TYPE_INT_RGB}.
     *
     * @throws PairvizException naming the file if it is missing or not a readable image
     */
    public static BufferedImage readRgb(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PairvizException("image not found: " + file);
        }
        BufferedImage image;
        try {
            image = decode(file);
        } catch (IOException | RuntimeException e) {
            throw new PairvizException("cannot decode image " + file + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new PairvizException("cannot decode image " + file + ": not a known image format");
        }
        return toRgb(image);
    }

    /**
     * Decodes the first image in a file without colour management: where the reader offers the
     * stored ("raw") RGB type, it is asked for, so an embedded ICC profile is not applied (PIL
     * does not apply it either). Null if no reader knows the format.
     */
    private static BufferedImage decode(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                ImageTypeSpecifier raw = reader.getRawImageType(0);
                if (raw != null && raw.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_RGB
                        && !raw.getColorModel().getColorSpace().isCS_sRGB()) {
                    param.setDestinationType(raw);
                }
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        }
    }

    /**
     * Converts any decoded image to {@link BufferedImage#TYPE_INT_RGB}, the way PIL's
     * {@code convert("RGB")} does, so that pixels match the Python reference exactly:
     *
     * <ul>
     *   <li>RGB images keep their stored values: an embedded ICC profile (Adobe RGB, Display P3)
     *       is ignored, as PIL ignores it, instead of being converted to sRGB by Java;
     *   <li>greys are copied into all three channels unchanged (Java would treat 8-bit grey as
     *       linear and brighten it);
     *   <li>alpha is dropped; palette and other images go through {@link BufferedImage#getRGB}.
     * </ul>
     */
    public static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int type = cm.getColorSpace().getType();
        boolean plain = !(cm instanceof IndexColorModel) && raster.getNumBands() >= cm.getNumColorComponents();
        int[] out = new int[w];
        if (plain && (type == ColorSpace.TYPE_GRAY || type == ColorSpace.TYPE_RGB)) {
            int bands = type == ColorSpace.TYPE_GRAY ? 1 : 3;
            int[][] samples = new int[bands][w];
            int[] max = new int[bands];
            for (int b = 0; b < bands; b++) {
                max[b] = (1 << raster.getSampleModel().getSampleSize(b)) - 1;
            }
            for (int y = 0; y < h; y++) {
                for (int b = 0; b < bands; b++) {
                    raster.getSamples(0, y, w, 1, b, samples[b]);
                }
                for (int x = 0; x < w; x++) {
                    int r = to8(samples[0][x], max[0]);
                    int g = bands == 1 ? r : to8(samples[1][x], max[1]);
                    int bl = bands == 1 ? r : to8(samples[2][x], max[2]);
                    out[x] = r << 16 | g << 8 | bl;
                }
                rgb.setRGB(0, y, w, 1, out, 0, w);
            }
        } else {
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, out, 0, w);
                for (int x = 0; x < w; x++) {
                    out[x] &= 0xFFFFFF;
                }
                rgb.setRGB(0, y, w, 1, out, 0, w);
            }
        }
        return rgb;
    }

    /** A sample of {@code max + 1} levels as 8 bits. */
    private static int to8(int v, int max) {
        return max == 255 ? v : Math.round(v * 255f / max);
    }
}

package pairviz.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
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
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new PairvizException("cannot decode image " + file + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new PairvizException("cannot decode image " + file + ": not a known image format");
        }
        return toRgb(image);
    }

    /**
     * Converts any decoded image to {@link BufferedImage#TYPE_INT_RGB}, the way PIL's
     * {@code convert("RGB")} does: alpha is dropped, greys are copied into all three channels
     * unchanged (no gamma conversion, which Java's colour management would otherwise apply to
     * linear-grey images).
     */
    public static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Raster raster = image.getRaster();
        boolean grey = image.getColorModel().getColorSpace().getNumComponents() == 1
                && !(image.getColorModel() instanceof java.awt.image.IndexColorModel);
        if (grey) {
            int bits = image.getColorModel().getComponentSize(0);
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = bits == 8 ? row[x] : Math.round(row[x] * 255f / ((1 << bits) - 1));
                    rgb.setRGB(x, y, (v << 16) | (v << 8) | v);
                }
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    row[x] &= 0xFFFFFF;
                }
                rgb.setRGB(0, y, w, 1, row, 0, w);
            }
        }
        return rgb;
    }
}

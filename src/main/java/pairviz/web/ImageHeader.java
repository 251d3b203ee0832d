package pairviz.web;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What an image file's header says, read without decoding pixels: its format (recognised from
 * the bytes, not the name) and its size.
 */
record ImageHeader(String format, int width, int height) {

    long pixels() {
        return (long) width * height;
    }

    /** The MIME type of the format. */
    String mimeType() {
        return switch (format) {
            case "jpeg", "jpg" -> "image/jpeg";
            case "tif", "tiff" -> "image/tiff";
            default -> "image/" + format;
        };
    }

    /** The header of {@code file}, or null when no image reader recognises its content. */
    static ImageHeader read(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new ImageHeader(reader.getFormatName().toLowerCase(Locale.ROOT), reader.getWidth(0),
                        reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // recognised but the header is unreadable: let the full read report it
            return new ImageHeader("unknown", 0, 0);
        }
    }
}

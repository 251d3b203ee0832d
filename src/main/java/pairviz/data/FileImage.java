package pairviz.data;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;

/** An image stored in a file (any format ImageIO reads, JPEG/PNG/BMP/TIFF/WebP included). */
public record FileImage(Path path) implements ImageSource {

    public FileImage {
        Objects.requireNonNull(path, "path");
    }

    @Override
    public String id() {
        return path.toString();
    }

    @Override
    public BufferedImage load() {
        return pairviz.image.ImageFiles.read(path);
    }
}

package pairviz.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import pairviz.PairvizException;
import pairviz.image.ImageFiles;

/** Cheap checks of input paths before a model is loaded, so a typo fails in milliseconds. */
final class ImageChecks {
    private ImageChecks() {}

    static void requireReadable(Path p) {
        if (!Files.exists(p)) {
            throw new PairvizException("image " + p + " does not exist");
        }
        if (Files.isDirectory(p)) {
            throw new PairvizException("image " + p + " is a folder, not an image file");
        }
        if (!Files.isReadable(p)) {
            throw new PairvizException("image " + p + " cannot be read (permission denied)");
        }
    }

    /** {@link #requireReadable}, and decodes it: a file that is not an image fails here, before any model is loaded. */
    static void requireImage(Path p) {
        requireReadable(p);
        ImageFiles.read(p);
    }
}

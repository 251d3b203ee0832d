package pairviz.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import pairviz.PairvizException;
import pairviz.util.AtomicFiles;

/** Writing pictures to disk. */
public final class Pictures {
    private Pictures() {}

    /**
     * Writes {@code image} as a PNG file, atomically (a reader never sees half a file; on failure
     * the target is left as it was).
     *
     * @throws PairvizException naming the file when it cannot be written
     */
    public static void writePng(BufferedImage image, Path file) {
        try {
            AtomicFiles.write(file, out -> {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer for this image type");
                }
            });
        } catch (UncheckedIOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new PairvizException("cannot write picture " + file + ": " + cause, e);
        }
    }
}

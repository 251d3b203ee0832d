package pairviz.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import pairviz.PairvizException;
import pairviz.util.AtomicFiles;

/** Writing pictures to disk. */
public final class Pictures {
    private Pictures() {}

    /**
     * Writes {@code image} as a PNG file, atomically (a reader never sees half a file; on failure
     * the target is left as it was), creating missing parent folders.
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
            throw new PairvizException("cannot write picture " + file + ": " + describe(e.getCause()), e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " is in the way (not a folder)";
        }
        if (e instanceof NoSuchFileException f) {
            return "cannot create " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

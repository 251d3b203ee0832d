package pairviz.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Takes uploaded image files in safely: copied to a private temporary folder with a byte limit,
 * recognised by their content, and refused (413) when their header declares more pixels than
 * allowed, all before a single pixel is decoded.
 */
final class Uploads implements AutoCloseable {
    private final Path dir;
    private final long maxBytes;
    private final long maxPixels;

    Uploads(long maxBytes, long maxPixels) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
        try {
            this.dir = Files.createTempDirectory("pairviz-serve-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for uploads: " + e.getMessage(), e);
        }
    }

    long maxPixels() {
        return maxPixels;
    }

    /**
     * Stores one upload and checks its header.
     *
     * @param field the form field, for messages
     * @param name the client's file name (shown back, never used as a path)
     * @throws HttpError 413 when over the byte or pixel limit, 415 when not an image
     */
    ImageInput.Uploaded accept(String field, String name, InputStream content) {
        Path file;
        try {
            file = Files.createTempFile(dir, "upload-", ".bin");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store an upload: " + e.getMessage(), e);
        }
        try {
            copyAtMost(field, content, file);
            ImageHeader header = ImageHeader.read(file);
            if (header == null) {
                throw new HttpError(415, "field '" + field + "' is not an image this server can read"
                        + " (PNG, JPEG, BMP, GIF, TIFF or WebP, recognised by content)");
            }
            long pixels = header.pixels();
            if (pixels > maxPixels) {
                throw new HttpError(413, String.format(Locale.ROOT,
                        "field '%s': image is %d x %d pixels (%.1f megapixels), over the limit of %.1f megapixels",
                        field, header.width(), header.height(), pixels / 1e6, maxPixels / 1e6));
            }
            return new ImageInput.Uploaded(displayName(name, field), file, header.format());
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    private void copyAtMost(String field, InputStream in, Path file) {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try (InputStream src = in; OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = src.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(field);
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw HttpError.badRequest("field '" + field + "': the upload broke off (" + e.getMessage() + ")");
        }
        if (total == 0) {
            throw HttpError.badRequest("field '" + field + "' is an empty file");
        }
    }

    HttpError tooLarge(String field) {
        return new HttpError(413, "field '" + field + "' is larger than the limit of " + maxBytes + " bytes");
    }

    /** A file name safe to show: its last part, printable characters only, at most 100 of them. */
    static String displayName(String name, String fallback) {
        if (name == null) {
            return fallback;
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^\\p{L}\\p{N} ._()+-]", "_").strip();
        if (base.isEmpty() || base.chars().allMatch(c -> c == '.')) {
            return fallback;
        }
        return base.length() > 100 ? base.substring(0, 100) : base;
    }

    /** Removes an upload's temporary file. */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for close() to remove with the folder
        }
    }

    @Override
    public void close() {
        try (var files = Files.list(dir)) {
            files.forEach(Uploads::delete);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary folder; the OS cleans it eventually
        }
    }
}

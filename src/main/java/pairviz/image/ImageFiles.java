package pairviz.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import pairviz.PairvizException;

/**
 * Reads image files into 8-bit sRGB pictures, as the reference's
 * {@code PIL.Image.open(path).convert('RGB')} does.
 *
 * <p>Formats are those of ImageIO plus the TwelveMonkeys plugins on the class path (JPEG including
 * CMYK/YCCK, PNG, BMP, GIF, TIFF, WebP). Samples are taken as stored, without colour management,
 * and alpha is dropped without compositing, both as PIL does. A JPEG's EXIF orientation is applied
 * (as {@code ImageOps.exif_transpose} does, and every photo viewer): a phone's portrait photo is
 * upright, not on its side. Every failure is a
 * {@link PairvizException} whose one-line message names the file.
 */
public final class ImageFiles {
    /** Default limit on the pixel count, checked from the header before decoding: 64 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 64L * 1000 * 1000;
    /** Smallest accepted width and height. */
    public static final int MIN_SIDE = 2;

    /** Reader warnings that mean the data ended early (PIL refuses such files as truncated). */
    private static final Pattern TRUNCATION =
            Pattern.compile("premature end|truncat|missing eoi|end of file|\\beof\\b", Pattern.CASE_INSENSITIVE);

    static {
        ImageIO.setUseCache(false);
    }

    private ImageFiles() {}

    /** Reads {@code file} with the default pixel limit. */
    public static BufferedImage read(Path file) {
        return read(file, DEFAULT_MAX_PIXELS);
    }

    /**
     * Reads {@code file} as an RGB picture.
     *
     * @param maxPixels largest accepted {@code width * height}; larger images are refused from their
     *     header, before any pixel is decoded
     * @return a {@link BufferedImage#TYPE_INT_RGB} image, shared with the other readers of the same
     *     file (unchanged since): callers must not change it
     * @throws PairvizException when the file is missing, unreadable, empty, not an image, truncated
     *     or damaged, smaller than 2 x 2 or over the pixel limit
     */
    public static BufferedImage read(Path file, long maxPixels) {
        checkFile(file);
        Recent.Key key = Recent.key(file);
        BufferedImage seen = key == null ? null : Recent.get(key);
        if (seen != null && (long) seen.getWidth() * seen.getHeight() <= maxPixels) {
            return seen;
        }
        BufferedImage image = decode(file, maxPixels);
        if (key != null) {
            Recent.put(key, image);
        }
        return image;
    }

    /**
     * Decodes {@code files} on a thread of its own, for a later {@link #read} to find them decoded
     * (a command that must first load its network, for instance). A file that fails is left for
     * that read to report.
     */
    public static void prefetch(List<Path> files) {
        Thread t = new Thread(() -> {
            for (Path f : files) {
                try {
                    read(f);
                } catch (RuntimeException | OutOfMemoryError e) {
                    // reported by the command's own read
                }
            }
        }, "pairviz-image-prefetch");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The images decoded last, by file (its path, size and modification time), held softly: a
     * command reads each photo more than once (checked before the model loads, prepared for the
     * network, drawn under its map), and a large photo takes a tenth of a second or more each time.
     */
    private static final class Recent {
        private static final int KEPT = 8;
        private static final java.util.Map<Key, java.lang.ref.SoftReference<BufferedImage>> IMAGES =
                new java.util.LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(java.util.Map.Entry<Key, java.lang.ref.SoftReference<BufferedImage>> e) {
                        return size() > KEPT;
                    }
                };

        private record Key(Path file, long size, long modified) {}

        /** The file's key, or null when its attributes cannot be read (then it is decoded, not remembered). */
        static Key key(Path file) {
            try {
                var a = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
                return new Key(file.toAbsolutePath().normalize(), a.size(), a.lastModifiedTime().toMillis());
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        static synchronized BufferedImage get(Key key) {
            var ref = IMAGES.get(key);
            return ref == null ? null : ref.get();
        }

        static synchronized void put(Key key, BufferedImage image) {
            IMAGES.put(key, new java.lang.ref.SoftReference<>(image));
        }
    }

    private static BufferedImage decode(Path file, long maxPixels) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw fail(file, "cannot open the file");
            }
            ImageReader reader = readerFor(file, in);
            try {
                reader.setInput(in);
                return decode(file, reader, maxPixels);
            } finally {
                reader.dispose();
            }
        } catch (PairvizException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw fail(file, "damaged, truncated or unsupported image (" + describe(e) + ")", e);
        } catch (OutOfMemoryError e) {
            throw fail(file, "not enough memory to decode it", e);
        }
    }

    private static void checkFile(Path file) {
        if (Files.isDirectory(file)) {
            throw fail(file, "it is a directory, not an image file");
        }
        if (!Files.exists(file)) {
            throw fail(file, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw fail(file, "it is not a regular file (a device, pipe or socket)");
        }
        if (!Files.isReadable(file)) {
            throw fail(file, "permission denied");
        }
        try {
            if (Files.size(file) == 0) {
                throw fail(file, "the file is empty");
            }
        } catch (IOException e) {
            throw fail(file, describe(e), e);
        }
    }

    private static ImageReader readerFor(Path file, ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw fail(file, "not an image (unrecognised format)");
        }
        return readers.next();
    }

    private static BufferedImage decode(Path file, ImageReader reader, long maxPixels) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        checkSize(file, width, height, maxPixels);

        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image;
        JpegCmyk.Coding cmyk = isJpeg(reader) ? JpegCmyk.coding(reader) : null;
        if (cmyk != null) {
            image = JpegCmyk.read(reader, cmyk);
        } else {
            image = reader.read(0, rawParam(reader));
        }
        checkRiffLength(file, reader);
        checkPngChecksums(file, reader);
        for (String warning : warnings) {
            if (TRUNCATION.matcher(warning).find()) {
                throw fail(file, "truncated or damaged image (" + warning.strip() + ")");
            }
        }
        BufferedImage rgb = Rgb.of(image);
        return isJpeg(reader) ? ExifOrientation.apply(rgb, ExifOrientation.of(file)) : rgb;
    }

    /**
     * WebP files are RIFF containers that declare their length; the WebP reader decodes a cut
     * lossless file without complaint, so compare the declared length with the real one.
     */
    private static void checkRiffLength(Path file, ImageReader reader) throws IOException {
        if (!reader.getFormatName().equalsIgnoreCase("webp")) {
            return;
        }
        byte[] head = new byte[12];
        try (var in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 12) < 12) {
                throw fail(file, "truncated or damaged image (no RIFF header)");
            }
        }
        long declared = ByteBuffer.wrap(head, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        long actual = Files.size(file);
        if (actual < declared + 8) {
            throw fail(file, "truncated or damaged image (file has " + actual + " bytes, its header declares "
                    + (declared + 8) + ")");
        }
    }

    /**
     * PNG chunks carry a CRC-32 that ImageIO's reader does not check, so a flipped byte decodes
     * into a wrong picture without a word: check every chunk's CRC up to IEND.
     */
    private static void checkPngChecksums(Path file, ImageReader reader) throws IOException {
        if (!reader.getFormatName().equalsIgnoreCase("png")) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            in.skipNBytes(8); // signature, checked by the reader
            byte[] buf = new byte[1 << 16];
            while (true) {
                long length = in.readInt() & 0xffffffffL;
                byte[] type = in.readNBytes(4);
                CRC32 crc = new CRC32();
                crc.update(type);
                for (long left = length; left > 0; ) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw fail(file, "truncated or damaged image (PNG chunk ends early)");
                    }
                    crc.update(buf, 0, n);
                    left -= n;
                }
                String name = new String(type, StandardCharsets.US_ASCII);
                if ((in.readInt() & 0xffffffffL) != crc.getValue()) {
                    throw fail(file, "damaged image (PNG chunk " + name + " fails its CRC check)");
                }
                if (name.equals("IEND")) {
                    return;
                }
            }
        } catch (EOFException e) {
            throw fail(file, "truncated or damaged image (PNG ends before its IEND chunk)");
        }
    }

    /**
     * Asks for the stored samples: without this, readers apply an embedded ICC profile, which PIL
     * does not. CMYK is left to the reader's default (its raw type is not usable everywhere).
     */
    private static ImageReadParam rawParam(ImageReader reader) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        if (raw != null && raw.getColorModel().getColorSpace().getType() != ColorSpace.TYPE_CMYK) {
            param.setDestinationType(raw);
        }
        return param;
    }

    private static boolean isJpeg(ImageReader reader) throws IOException {
        return reader.getFormatName().toLowerCase(Locale.ROOT).matches("jpe?g");
    }

    private static void checkSize(Path file, int width, int height, long maxPixels) {
        if (width < MIN_SIDE || height < MIN_SIDE) {
            throw fail(file, String.format(Locale.ROOT, "image is %d x %d pixels, too small (at least %d x %d)",
                    width, height, MIN_SIDE, MIN_SIDE));
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw fail(file, String.format(Locale.ROOT,
                    "image is %d x %d pixels (%.1f megapixels), over the limit of %.1f megapixels",
                    width, height, pixels / 1e6, maxPixels / 1e6));
        }
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        String outer = e.getMessage();
        String text = outer != null && t != e && !outer.equals(message) ? outer + ": " + message : message;
        return text.replaceAll("\\s+", " ").strip();
    }

    private static PairvizException fail(Path file, String reason) {
        return fail(file, reason, null);
    }

    private static PairvizException fail(Path file, String reason, Throwable cause) {
        return new PairvizException("cannot read image " + file + ": " + reason, cause);
    }
}

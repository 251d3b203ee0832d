package pairviz.image;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The EXIF orientation of a JPEG (the tag every phone camera writes instead of turning the
 * pixels), read with TwelveMonkeys' metadata reader, and the picture turned or flipped to show
 * as its viewer shows it: what Pillow's {@code ImageOps.exif_transpose} does.
 */
final class ExifOrientation {
    private ExifOrientation() {}

    /** The orientation that asks for nothing. */
    static final int UPRIGHT = 1;

    /**
     * The orientation tag (1..8) of IFD0 in the JPEG's EXIF segment; {@link #UPRIGHT} when there is
     * no EXIF segment, no tag, a value outside 1..8 or metadata that cannot be read (the pixels
     * are then used as stored, as a viewer would).
     */
    static int of(Path jpeg) {
        try (ImageInputStream in = ImageIO.createImageInputStream(jpeg.toFile())) {
            List<JPEGSegment> exif = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
            if (exif.isEmpty()) {
                return UPRIGHT;
            }
            try (InputStream data = exif.get(0).data()) {
                data.read(); // the pad byte after "Exif\0"
                Directory d = new TIFFReader().read(new MemoryCacheImageInputStream(data));
                if (d instanceof CompoundDirectory c) {
                    d = c.directoryCount() == 0 ? null : c.getDirectory(0);
                }
                Entry e = d == null ? null : d.getEntryById(TIFF.TAG_ORIENTATION);
                if (e != null && e.getValue() instanceof Number n && n.intValue() >= 1 && n.intValue() <= 8) {
                    return n.intValue();
                }
                return UPRIGHT;
            }
        } catch (IOException | RuntimeException unreadable) {
            return UPRIGHT;
        }
    }

    /**
     * {@code stored} as orientation {@code o} asks it to be shown (a new image for 2..8): 2 mirrors,
     * 3 turns half round, 4 flips upside down, 5 transposes, 6 turns a quarter clockwise, 7
     * transposes across the other diagonal, 8 turns a quarter anticlockwise.
     */
    static BufferedImage apply(BufferedImage stored, int o) {
        if (o == UPRIGHT) {
            return stored;
        }
        int w = stored.getWidth();
        int h = stored.getHeight();
        boolean swap = o >= 5;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        int[] src = stored.getRGB(0, 0, w, h, null, 0, w);
        int ow = out.getWidth();
        int oh = out.getHeight();
        int[] dst = new int[ow * oh];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (o) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    case 8 -> { sx = w - 1 - y; sy = x; }
                    default -> throw new IllegalArgumentException("EXIF orientation " + o + " is not 1..8");
                }
                dst[y * ow + x] = src[sy * w + sx];
            }
        }
        out.setRGB(0, 0, ow, oh, dst, 0, ow);
        return out;
    }
}

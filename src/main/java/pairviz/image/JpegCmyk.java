package pairviz.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Four-component (CMYK or YCCK) JPEGs, decoded as PIL decodes them: libjpeg's components, YCCK
 * turned into CMYK with libjpeg's integer tables, Adobe polarity assumed (PIL always inverts), then
 * PIL's naive CMYK to RGB formula. Embedded ICC profiles are ignored, as PIL ignores them.
 */
final class JpegCmyk {
    private static final String NATIVE_FORMAT = "javax_imageio_jpeg_image_1.0";
    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);

    private JpegCmyk() {}

    /** How the four components of a JPEG are coded, or null when it does not have four. */
    enum Coding { CMYK, YCCK }

    /** Reads the frame header and Adobe marker from the JDK-format metadata. */
    static Coding coding(ImageReader reader) throws IOException {
        IIOMetadata metadata = reader.getImageMetadata(0);
        if (metadata == null || !Arrays.asList(metadata.getMetadataFormatNames()).contains(NATIVE_FORMAT)) {
            return null;
        }
        Element root = (Element) metadata.getAsTree(NATIVE_FORMAT);
        if (root.getElementsByTagName("componentSpec").getLength() != 4) {
            return null;
        }
        // libjpeg (jdapimin.c): four components are YCCK only when an Adobe marker says transform != 0
        NodeList adobe = root.getElementsByTagName("app14Adobe");
        if (adobe.getLength() == 0) {
            return Coding.CMYK;
        }
        String transform = ((Element) adobe.item(0)).getAttribute("transform");
        return "0".equals(transform) ? Coding.CMYK : Coding.YCCK;
    }

    /** Decodes image 0 of {@code reader} (a four-component JPEG) to RGB. */
    static BufferedImage read(ImageReader reader, Coding coding) throws IOException {
        Raster raster = reader.readRaster(0, null); // raw components, as stored
        int w = raster.getWidth();
        int h = raster.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int[][] rows = new int[4][w];
        int[] cmyk = new int[4];
        for (int y = 0; y < h; y++) {
            for (int b = 0; b < 4; b++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, b, rows[b]);
            }
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < 4; b++) {
                    cmyk[b] = rows[b][x];
                }
                if (coding == Coding.YCCK) {
                    ycckToCmyk(cmyk);
                }
                // PIL reads with raw mode "CMYK;I": the true ink amount is 255 - stored value
                dst[y * w + x] = Rgb.cmykToRgb(255 - cmyk[0], 255 - cmyk[1], 255 - cmyk[2], 255 - cmyk[3]);
            }
        }
        return out;
    }

    /** libjpeg's {@code ycck_cmyk_convert} (jdcolor.c), in place; K passes through. */
    static void ycckToCmyk(int[] p) {
        int y = p[0];
        int cb = p[1] - 128;
        int cr = p[2] - 128;
        int crR = (fix(1.40200) * cr + ONE_HALF) >> SCALEBITS;
        int cbB = (fix(1.77200) * cb + ONE_HALF) >> SCALEBITS;
        int g = (-fix(0.34414) * cb + ONE_HALF + -fix(0.71414) * cr) >> SCALEBITS;
        p[0] = clip(255 - (y + crR));
        p[1] = clip(255 - (y + g));
        p[2] = clip(255 - (y + cbB));
    }

    private static int fix(double x) {
        return (int) (x * (1L << SCALEBITS) + 0.5);
    }

    private static int clip(int v) {
        return Math.max(0, Math.min(255, v));
    }
}

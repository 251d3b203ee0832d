package pairviz.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import pairviz.image.Preprocess;

/**
 * Heatmap pictures as the authors draw them: the map, coloured, added to the greyscale image,
 * divided by the maximum and truncated to bytes:
 *
 * <pre>
 * heat = colormap[uint8(255 * m)] / 255         # float32, per channel
 * cam  = heat + grey                            # grey in [0,1], same for the 3 channels
 * out  = uint8(255 * (cam / max(cam)))          # max over all pixels and channels; truncation
 * </pre>
 */
public final class Overlay {
    private Overlay() {}

    /** How the two maps of a pair are normalised. */
    public enum Scale {
        /** Each map on its own min-max scale (the reference). */
        SEPARATE,
        /** Both maps on one common scale ({@link HeatScale#minMaxShared}). */
        SHARED
    }

    /** The two pictures of a pair. */
    public record Pair(BufferedImage a, BufferedImage b) {}

    /**
     * The overlay formula above.
     *
     * @param grey [h * w] greyscale in [0,1] ({@link Preprocess#grey})
     * @param unitMap [h * w] map in [0,1] ({@link HeatScale#minMax})
     * @return an {@code h x w} {@link BufferedImage#TYPE_INT_RGB} picture
     */
    public static BufferedImage overlay(float[] grey, float[] unitMap, int h, int w, Colormap colormap) {
        int n = h * w;
        if (grey.length != n || unitMap.length != n) {
            throw new IllegalArgumentException("grey (" + grey.length + ") and map (" + unitMap.length
                    + ") must both have " + h + " x " + w + " values");
        }
        float[] cam = new float[3 * n]; // [h * w, 3] interleaved R, G, B
        float max = 0f;
        for (int i = 0; i < n; i++) {
            int level = Math.min(Math.max((int) (255f * unitMap[i]), 0), 255); // np.uint8 truncation
            int rgb = colormap.rgb(level);
            for (int c = 0; c < 3; c++) {
                float heat = ((rgb >>> (16 - 8 * c)) & 0xff) / 255f;
                float v = heat + grey[i];
                cam[3 * i + c] = v;
                max = Math.max(max, v);
            }
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        if (max > 0f) {
            for (int i = 0; i < n; i++) {
                int r = (int) (255f * (cam[3 * i] / max));
                int g = (int) (255f * (cam[3 * i + 1] / max));
                int b = (int) (255f * (cam[3 * i + 2] / max));
                px[i] = r << 16 | g << 8 | b;
            }
        }
        return out;
    }

    /**
     * The reference picture for one image: its greyscale, the [mapH, mapW] map upsampled to the
     * image size (bicubic), min-max normalised, coloured and overlaid.
     *
     * @param image the picture the network saw (the resized input, e.g. 256 x 256)
     */
    public static BufferedImage picture(BufferedImage image, float[] map, int mapH, int mapW, Colormap colormap) {
        int h = image.getHeight();
        int w = image.getWidth();
        float[] unit = HeatScale.minMax(HeatScale.upsample(map, mapH, mapW, h, w));
        return overlay(Preprocess.grey(image), unit, h, w, colormap);
    }

    /**
     * The pictures of a pair: {@code mapA} (A given B) over {@code imageA} and {@code mapB} (B given A)
     * over {@code imageB}, each on its own scale or on a shared one.
     */
    public static Pair pair(BufferedImage imageA, float[] mapA, BufferedImage imageB, float[] mapB,
            int mapH, int mapW, Colormap colormap, Scale scale) {
        if (scale == Scale.SEPARATE) {
            return new Pair(picture(imageA, mapA, mapH, mapW, colormap), picture(imageB, mapB, mapH, mapW, colormap));
        }
        float[] upA = HeatScale.upsample(mapA, mapH, mapW, imageA.getHeight(), imageA.getWidth());
        float[] upB = HeatScale.upsample(mapB, mapH, mapW, imageB.getHeight(), imageB.getWidth());
        float[][] unit = HeatScale.minMaxShared(upA, upB);
        return new Pair(
                overlay(Preprocess.grey(imageA), unit[0], imageA.getHeight(), imageA.getWidth(), colormap),
                overlay(Preprocess.grey(imageB), unit[1], imageB.getHeight(), imageB.getWidth(), colormap));
    }
}

package pairviz.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import pairviz.image.Placement;
import pairviz.image.Preprocess;
import pairviz.image.Resize;

/**
 * A map drawn on the photo as it is: at the photo's own aspect ratio, with the map over the part
 * of the photo the network saw ({@link Placement}) and what it did not see (the parts a centre
 * crop cut away) dimmed and hatched. Padding the network saw (letterbox) is not drawn: only photo
 * pixels are.
 *
 * <p>By default the picture shows the photo at the scale the network saw it: the input's S pixels
 * span as many picture pixels as they span photo rectangle. For the authors' squash of a square
 * photo that is S x S, and the picture is the reference's {@link Overlay#picture} exactly: the map
 * upsampled bicubically over the input's rectangle, min-max normalised over the pixels shown, and
 * overlaid on the greyscale photo resized as Pillow resizes (bilinear).
 */
public final class PhotoOverlay {
    /** Brightness kept in the parts the network did not see. */
    private static final float DIM = 0.45f;
    /** Pixels between the hatch lines over those parts. */
    private static final int HATCH = 8;

    private PhotoOverlay() {}

    /**
     * Where the pictures of one photo go: the picture's size and the input's rectangle in picture
     * pixels ({@code x0..x1} by {@code y0..y1}, possibly past the edges for pad).
     *
     * @param width picture width
     * @param height picture height
     */
    public record Frame(int width, int height, int x0, int y0, int x1, int y1) {
        /**
         * The frame of a photo placed as {@code placement}.
         *
         * @param longerSide the picture's longer side in pixels, or 0 for the scale the network saw
         *     the photo at ({@code S} input pixels over the placement's rectangle)
         * @param inputSize the network's input side S
         */
        public static Frame of(Placement placement, int inputSize, int longerSide) {
            int w = placement.photoWidth();
            int h = placement.photoHeight();
            double scale = longerSide > 0 ? (double) longerSide / Math.max(w, h)
                    : inputSize / Math.max(placement.width(), placement.height());
            int pw = (int) Math.max(1, Math.round(w * scale));
            int ph = (int) Math.max(1, Math.round(h * scale));
            double sx = (double) pw / w;
            double sy = (double) ph / h;
            int x0 = (int) Math.round(placement.left() * sx);
            int y0 = (int) Math.round(placement.top() * sy);
            int x1 = Math.max(x0 + 1, (int) Math.round((placement.left() + placement.width()) * sx));
            int y1 = Math.max(y0 + 1, (int) Math.round((placement.top() + placement.height()) * sy));
            return new Frame(pw, ph, x0, y0, x1, y1);
        }

        /** The part of the input's rectangle that lies on the picture, {x, y, width, height}. */
        int[] shown() {
            int left = Math.max(0, x0);
            int top = Math.max(0, y0);
            return new int[] {left, top, Math.max(0, Math.min(width, x1) - left), Math.max(0, Math.min(height, y1) - top)};
        }
    }

    /**
     * A photo resized to its frame: the base of its pictures.
     *
     * @param frame where the photo's pictures go
     * @param photo the photo at the frame's size ({@link #photo})
     */
    public record Base(Frame frame, BufferedImage photo) {
        /**
         * The photo placed as {@code placement} on a network of input side {@code inputSize}, at
         * {@code longerSide} pixels (0: the scale the network saw it at; see {@link Frame#of}).
         */
        public static Base of(BufferedImage photo, Placement placement, int inputSize, int longerSide) {
            Frame frame = Frame.of(placement, inputSize, longerSide);
            return new Base(frame, PhotoOverlay.photo(photo, frame));
        }

        /** The [mapH, mapW] map drawn on this photo ({@link PhotoOverlay#picture}). */
        public BufferedImage picture(float[] map, int mapH, int mapW, Colormap colormap) {
            return PhotoOverlay.picture(photo, frame, map, mapH, mapW, colormap);
        }
    }

    /** The photo resized to its frame (Pillow's bilinear): the base of its pictures and of the pair figure. */
    public static BufferedImage photo(BufferedImage photo, Frame frame) {
        return Resize.bilinear(photo, frame.width(), frame.height());
    }

    /**
     * The [mapH, mapW] map of one photo drawn on it.
     *
     * @param resized the photo at its frame's size ({@link #photo})
     */
    public static BufferedImage picture(BufferedImage resized, Frame frame, float[] map, int mapH, int mapW,
            Colormap colormap) {
        float[] shown = shownValues(map, mapH, mapW, frame);
        return compose(resized, frame, HeatScale.minMax(shown), colormap);
    }

    /** The pictures of a pair, each map on its own scale or both on one (as {@link Overlay#pair}). */
    public static Overlay.Pair pair(BufferedImage resizedA, Frame frameA, float[] mapA, BufferedImage resizedB,
            Frame frameB, float[] mapB, int mapH, int mapW, Colormap colormap, Overlay.Scale scale) {
        float[] a = shownValues(mapA, mapH, mapW, frameA);
        float[] b = shownValues(mapB, mapH, mapW, frameB);
        float[][] unit = scale == Overlay.Scale.SHARED ? HeatScale.minMaxShared(a, b)
                : new float[][] {HeatScale.minMax(a), HeatScale.minMax(b)};
        return new Overlay.Pair(compose(resizedA, frameA, unit[0], colormap), compose(resizedB, frameB, unit[1], colormap));
    }

    /** The map upsampled over the input's rectangle, then the part that lies on the picture; [sh * sw]. */
    private static float[] shownValues(float[] map, int mapH, int mapW, Frame frame) {
        int mw = frame.x1() - frame.x0();
        int mh = frame.y1() - frame.y0();
        float[] up = HeatScale.upsample(map, mapH, mapW, mh, mw); // [mh, mw] over the input's rectangle
        int[] s = frame.shown();
        if (s[2] == mw && s[3] == mh) {
            return up;
        }
        float[] out = new float[s[2] * s[3]];
        for (int y = 0; y < s[3]; y++) {
            System.arraycopy(up, (y + s[1] - frame.y0()) * mw + s[0] - frame.x0(), out, y * s[2], s[2]);
        }
        return out;
    }

    /** The dimmed, hatched photo, with the overlay of the shown part pasted in. */
    private static BufferedImage compose(BufferedImage resized, Frame frame, float[] unit, Colormap colormap) {
        int w = frame.width();
        int h = frame.height();
        if (resized.getWidth() != w || resized.getHeight() != h) {
            throw new IllegalArgumentException("photo is " + resized.getWidth() + "x" + resized.getHeight()
                    + ", its frame " + w + "x" + h);
        }
        int[] s = frame.shown();
        float[] grey = Preprocess.grey(resized); // [h * w]
        if (s[0] == 0 && s[1] == 0 && s[2] == w && s[3] == h) {
            return Overlay.overlay(grey, unit, h, w, colormap);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (x + y) % HATCH == 0 ? 0 : (int) (255f * DIM * grey[y * w + x]);
                px[y * w + x] = v << 16 | v << 8 | v;
            }
        }
        if (s[2] > 0 && s[3] > 0) {
            float[] g = new float[s[2] * s[3]];
            for (int y = 0; y < s[3]; y++) {
                System.arraycopy(grey, (y + s[1]) * w + s[0], g, y * s[2], s[2]);
            }
            BufferedImage inside = Overlay.overlay(g, unit, s[3], s[2], colormap);
            out.getRaster().setDataElements(s[0], s[1], s[2], s[3],
                    ((DataBufferInt) inside.getRaster().getDataBuffer()).getData());
        }
        return out;
    }
}

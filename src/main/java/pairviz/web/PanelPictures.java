package pairviz.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import pairviz.explain.Heatmap;
import pairviz.render.Colormap;
import pairviz.render.Overlay;
import pairviz.render.PhotoOverlay;

/**
 * The page's map pictures, drawn by the server exactly as {@code pairviz explain} draws its
 * pictures ({@link PhotoOverlay}): the whole photo at its own aspect ratio, the map over the part
 * of the photo the network saw, what it did not see dimmed and hatched. Each is sent as a PNG
 * {@code data:} URL, so the page has no drawing code of its own for maps.
 */
final class PanelPictures {
    /** Longer side, in pixels, of the pair's panels (shown at half that on the page, sharp on a HiDPI screen). */
    static final int PAIR_SIDE = 480;
    /** Longer side of a match card's pictures and of the class map. */
    static final int SMALL_SIDE = 240;

    private PanelPictures() {}

    /** The base of the pictures of a photo the network saw, at {@code longerSide} pixels. */
    static PhotoOverlay.Base base(Inference.Seen seen, int inputSize, int longerSide) {
        return PhotoOverlay.Base.of(seen.photo(), seen.placement(), inputSize, longerSide);
    }

    /** Both maps of a pair, each on its own scale (as {@code explain} draws them by default), as data URLs. */
    static String[] pair(PhotoOverlay.Base a, Heatmap mapA, PhotoOverlay.Base b, Heatmap mapB, Colormap colormap) {
        Overlay.Pair p = PhotoOverlay.pair(a.photo(), a.frame(), mapA.values(), b.photo(), b.frame(), mapB.values(),
                mapA.rows(), mapA.cols(), colormap, Overlay.Scale.SEPARATE);
        return new String[] {dataUrl(p.a()), dataUrl(p.b())};
    }

    /** One map over its photo, as a data URL. */
    static String single(PhotoOverlay.Base base, Heatmap map, Colormap colormap) {
        return dataUrl(base.picture(map.values(), map.rows(), map.cols(), colormap));
    }

    static String dataUrl(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}

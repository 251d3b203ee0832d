package pairviz.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import pairviz.explain.Heatmap;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplanation;
import pairviz.image.ImageFiles;
import pairviz.render.Colormap;
import pairviz.render.Overlay;
import pairviz.render.PairFigure;
import pairviz.render.PhotoOverlay;
import pairviz.render.Pictures;

/**
 * Draws explanations into files, named as the authors name them, after each image's {@link
 * OutputNames name} (unique within the run). Maps are drawn on the photo as it is ({@link
 * PhotoOverlay}): its own aspect ratio, what the network did not see dimmed and hatched.
 */
public final class PairPictures {
    private final ImageEmbedder embedder;
    private final Colormap colormap;
    private final boolean sharedScale;
    private final OutputNames names;
    private final int pictureSize;

    /** Draws at the scale the network saw each photo ({@code pictureSize} 0 below). */
    public PairPictures(ImageEmbedder embedder, Colormap colormap, boolean sharedScale, OutputNames names) {
        this(embedder, colormap, sharedScale, names, 0);
    }

    /**
     * Draws with {@code embedder}'s placement, one colour scale per map unless {@code sharedScale}.
     *
     * @param pictureSize the pictures' longer side in pixels, or 0 for the scale the network saw
     *     each photo at (a square photo under squash: the input size)
     */
    public PairPictures(ImageEmbedder embedder, Colormap colormap, boolean sharedScale, OutputNames names,
            int pictureSize) {
        this.embedder = embedder;
        this.colormap = colormap;
        this.sharedScale = sharedScale;
        this.names = names;
        this.pictureSize = pictureSize;
    }

    private PhotoOverlay.Base shown(Path image) {
        BufferedImage photo = ImageFiles.read(image);
        return PhotoOverlay.Base.of(photo, embedder.placement(photo.getWidth(), photo.getHeight()),
                embedder.preprocessing().size(), pictureSize);
    }

    /** Writes {@code <A>_simmap_with_<B>.png}, {@code <B>_simmap_with_<A>.png} and {@code <A>_<B>_pair.png}. */
    public void write(Path a, Path b, PairExplanation e, Path out) {
        PhotoOverlay.Base shownA = shown(a);
        PhotoOverlay.Base shownB = shown(b);
        BufferedImage imgA = shownA.photo();
        BufferedImage imgB = shownB.photo();
        Heatmap ma = e.mapA();
        Overlay.Pair maps = PhotoOverlay.pair(imgA, shownA.frame(), ma.values(), imgB, shownB.frame(), e.mapB().values(),
                ma.rows(), ma.cols(), colormap, sharedScale ? Overlay.Scale.SHARED : Overlay.Scale.SEPARATE);
        String sa = names.of(a);
        String sb = names.of(b);
        Pictures.writePng(maps.a(), out.resolve(sa + "_simmap_with_" + sb + ".png"));
        Pictures.writePng(maps.b(), out.resolve(sb + "_simmap_with_" + sa + ".png"));
        pairviz.figures.Captions captions = pairviz.figures.Captions.of(List.of(a, b));
        BufferedImage figure = PairFigure.draw(new PairFigure.Content(imgA, imgB, maps.a(), maps.b(),
                captions.of(a), captions.of(b), "cosine similarity", e.score(), colormap));
        Pictures.writePng(figure, out.resolve(sa + "_" + sb + "_pair.png"));
    }

    /** Writes one map over its image as {@code <IMG><suffix>.png} and returns the file. */
    Path writeSingle(Path image, Heatmap map, Path out, String suffix) {
        BufferedImage picture = shown(image).picture(map.values(), map.rows(), map.cols(), colormap);
        Path file = out.resolve(names.of(image) + suffix + ".png");
        Pictures.writePng(picture, file);
        return file;
    }

    /** The file name without its extension. */
    static String stem(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}

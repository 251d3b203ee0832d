package pairviz.figures;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pairviz.explain.Heatmap;
import pairviz.explain.PairExplanation;
import pairviz.image.ImageFiles;
import pairviz.image.Preprocessing;
import pairviz.render.Colormap;
import pairviz.render.GridFigure;
import pairviz.render.PhotoOverlay;

/**
 * Small pieces the figures (and their commands) share: the one layout of a photo in a figure, maps
 * over it, JSON. Every figure shows each photo whole at its own shape ({@link PhotoOverlay}, as
 * {@code explain} draws it: the map over the part of the photo the network saw, what it did not see
 * dimmed and hatched), at the scale the network saw it; {@link GridFigure} letterboxes it into its
 * square cell, so a portrait or landscape photo is neither squashed nor cropped and the grid's
 * rows and columns stay aligned. A square photo under the authors' squash is drawn exactly as
 * before ({@link pairviz.render.Overlay#picture}).
 */
public final class Panels {
    private Panels() {}

    /** A photo as a figure shows it: whole, at its own shape, placed as {@code preprocessing} places it on the network's input. */
    static PhotoOverlay.Base photo(Path file, Preprocessing preprocessing) {
        BufferedImage photo = ImageFiles.read(file);
        return PhotoOverlay.Base.of(photo, preprocessing.placement(photo.getWidth(), photo.getHeight()),
                preprocessing.size(), 0);
    }

    /** The photo alone, as {@link #photo} lays it out. */
    static BufferedImage seen(Path file, Preprocessing preprocessing) {
        return photo(file, preprocessing).photo();
    }

    /** {@code map} over the part of the photo the network saw, as {@link #photo} lays it out. */
    static BufferedImage map(Path file, Preprocessing preprocessing, Heatmap map, Colormap colormap) {
        return photo(file, preprocessing).picture(map.values(), map.rows(), map.cols(), colormap);
    }

    /** Green for a correct match, red for a wrong one, none when the query's label is unknown. */
    static Color border(Boolean correct) {
        return correct == null ? null : correct ? GridFigure.CORRECT : GridFigure.WRONG;
    }

    /**
     * A cosine similarity for a caption: three decimals, or five above 0.995, where embeddings
     * that share a large common part would all read 1.000.
     */
    static String score(double s) {
        return String.format(Locale.ROOT, s > 0.995 && s < 1 ? "%.5f" : "%.3f", s);
    }

    /** A file's name with its folder's ({@code 3/12.png}): scenes and class folders name files by number. */
    static String name(Path file) {
        Path parent = file.getParent();
        String own = file.getFileName().toString();
        return parent == null || parent.getFileName() == null ? own : parent.getFileName() + "/" + own;
    }

    /** A model's short name for captions: its checkpoint's file name without the extension. */
    public static String modelName(Path weights) {
        String n = weights.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** {@code {"image", "score", "map", "sum"}} of one side of a pair. */
    static Map<String, Object> side(Path image, double score, Heatmap map) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("image", image.toString());
        o.put("score", score);
        o.put("map", map.toGrid());
        o.put("sum", map.sum());
        return o;
    }

    /** The explanation options of a set of pairs, for JSON (all pairs share them). */
    static Map<String, Object> options(List<PairExplanation> pairs) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (!pairs.isEmpty()) {
            PairExplanation e = pairs.get(0);
            o.putAll(e.options().toJson());
            o.put("rollout_applied", e.rolloutApplied());
        }
        return o;
    }
}

package pairviz.figures;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pairviz.explain.Heatmap;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.ImageFeatures;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.render.Colormap;
import pairviz.render.GridFigure;
import pairviz.image.Preprocessing;
import pairviz.render.PhotoOverlay;

/**
 * The paper's figure 1: n images, each on the diagonal, and off the diagonal the map of the row's
 * image with respect to the column's. Each image goes through the network once; the n(n-1)/2 pairs
 * are explained from those features.
 *
 * @param images the image files, in order
 * @param scores n x n cosine similarities (1 on the diagonal)
 * @param maps maps[i][j] is the map of image i given image j (null on the diagonal)
 * @param gaps for integrated gradients, gaps[i][j] is the completeness gap of maps[i][j] (its sum
 *     less score - baseline_score); null for the other modes
 */
public record SimilarityMatrix(List<Path> images, double[][] scores, Heatmap[][] maps, double[][] gaps) {

    /** A matrix without completeness gaps. */
    public SimilarityMatrix(List<Path> images, double[][] scores, Heatmap[][] maps) {
        this(images, scores, maps, null);
    }

    /** Explains every pair of {@code images}. */
    public static SimilarityMatrix of(List<Path> images, ImageEmbedder embedder, PairExplainer explainer) {
        List<ImageFeatures> f = embedder.features(images);
        int n = images.size();
        double[][] scores = new double[n][n];
        Heatmap[][] maps = new Heatmap[n][n];
        double[][] gaps = new double[n][n];
        boolean anyGap = false;
        List<ImageFeatures> as = new ArrayList<>();
        List<ImageFeatures> bs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                as.add(f.get(i));
                bs.add(f.get(j));
            }
        }
        // together: in a gradient mode each image goes forward once, whatever the number of its partners
        java.util.Iterator<PairExplanation> all = explainer.explainPairs(as, bs).iterator();
        for (int i = 0; i < n; i++) {
            scores[i][i] = 1;
            for (int j = i + 1; j < n; j++) {
                PairExplanation e = all.next();
                scores[i][j] = scores[j][i] = e.score();
                maps[i][j] = e.mapA();
                maps[j][i] = e.mapB();
                gaps[i][j] = e.gapA();
                gaps[j][i] = e.gapB();
                anyGap |= !Double.isNaN(e.baselineA());
            }
        }
        return new SimilarityMatrix(List.copyOf(images), scores, maps, anyGap ? gaps : null);
    }

    /** Draws the grid: row i, column j holds image i's map given image j. */
    public BufferedImage draw(ImageEmbedder embedder, Colormap colormap, int panel) {
        return draw(embedder.preprocessing(), colormap, panel);
    }

    /**
     * Draws the grid, each photo whole at its own shape with its maps on the part the network saw
     * under {@code preprocessing} (the layout of every figure, {@link Panels#photo}).
     */
    public BufferedImage draw(Preprocessing preprocessing, Colormap colormap, int panel) {
        List<PhotoOverlay.Base> seen = new ArrayList<>();
        for (Path p : images) {
            seen.add(Panels.photo(p, preprocessing));
        }
        Captions names = Captions.of(images);
        GridFigure fig = new GridFigure("Paired similarity maps: row given column", panel);
        for (int i = 0; i < images.size(); i++) {
            List<GridFigure.Cell> row = new ArrayList<>();
            for (int j = 0; j < images.size(); j++) {
                if (i == j) {
                    row.add(GridFigure.Cell.of(seen.get(i).photo(), names.of(images.get(i))));
                } else {
                    Heatmap m = maps[i][j];
                    row.add(GridFigure.Cell.of(seen.get(i).picture(m.values(), m.rows(), m.cols(), colormap),
                            String.format(Locale.ROOT, "given %s: %.3f", names.of(images.get(j)), scores[i][j])));
                }
            }
            fig.addRow(null, row);
        }
        return fig.draw();
    }

    /** The numbers behind the figure, for JSON. */
    public Map<String, Object> toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("images", images.stream().map(Path::toString).toList());
        o.put("scores", scores);
        List<List<float[][]>> grid = new ArrayList<>();
        for (Heatmap[] row : maps) {
            List<float[][]> r = new ArrayList<>();
            for (Heatmap m : row) {
                r.add(m == null ? null : m.toGrid());
            }
            grid.add(r);
        }
        o.put("maps", grid);
        if (gaps != null) {
            o.put("completeness_gaps", gaps);
        }
        return o;
    }
}

package pairviz.figures;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.data.Sample;
import pairviz.data.scenes.LabelMap;
import pairviz.data.scenes.SceneDataset;
import pairviz.gallery.Gallery;
import pairviz.explain.Vectors;
import pairviz.render.LineChart;

/**
 * The paper's figure 10, pose similarity: how alike in content and layout a query and its top
 * matches are. Each image has a semantic segmentation (an 8-bit label map, 0 = background); its
 * <em>class histogram</em> counts the pixels of each label 1..255 (background left out) and is
 * L2-normalised, so the dot product of two histograms is in [0, 1] (0 when either image has no
 * foreground). For each model, every query's top k matches (the query itself left out) are
 * found by cosine similarity of the embeddings; the curve at rank r is the mean over the
 * queries of {@code histogram(query) . histogram(match r)}.
 *
 * @param k the number of ranks
 * @param curves one per model
 */
public record PoseSimilarity(int k, List<Curve> curves) {

    /**
     * One model's curve.
     *
     * @param model its name
     * @param meanDot k numbers: the mean histogram dot product at ranks 1..k
     * @param queries how many queries were averaged
     */
    public record Curve(String model, double[] meanDot, int queries) {}

    /** Where an image's label map is. */
    @FunctionalInterface
    public interface Segmentations {
        LabelMap of(Sample sample);

        /** A scenes folder's own maps: {@code DIR/segmentation/<class>/<i>.png}. */
        static Segmentations scenes(SceneDataset scenes) {
            return scenes::segmentation;
        }

        /**
         * A folder that mirrors the dataset's image tree: the map of {@code DATA/a/b.jpg} is
         * {@code SEG/a/b.png}.
         */
        static Segmentations mirror(Path dataRoot, Path segRoot) {
            Path root = dataRoot.toAbsolutePath().normalize();
            return sample -> {
                Path p = sample.path().orElseThrow(() -> new PairvizException(sample.id() + " is not an image file"))
                        .toAbsolutePath().normalize();
                if (!p.startsWith(root)) {
                    throw new PairvizException("image " + p + " is not inside " + dataRoot + ": cannot find its label map");
                }
                Path rel = root.relativize(p);
                String file = rel.getFileName().toString();
                int dot = file.lastIndexOf('.');
                return LabelMap.read(segRoot.resolve(rel).resolveSibling((dot > 0 ? file.substring(0, dot) : file) + ".png"));
            };
        }
    }

    public PoseSimilarity {
        curves = List.copyOf(curves);
    }

    /** The L2-normalised histogram of labels 1..255 ({@code h[l - 1]} for label l); all zeros for an all-background map. */
    public static double[] histogram(LabelMap map) {
        int[] counts = map.histogram();
        double[] h = new double[255];
        double norm = 0;
        for (int l = 1; l < 256; l++) {
            h[l - 1] = counts[l];
            norm += (double) counts[l] * counts[l];
        }
        if (norm > 0) {
            double s = 1 / Math.sqrt(norm);
            for (int i = 0; i < h.length; i++) {
                h[i] *= s;
            }
        }
        return h;
    }

    /** Indices of {@code queries} images spread evenly over {@code n} (all of them when queries >= n). */
    public static int[] queryIndices(int n, int queries) {
        int q = Math.min(n, queries);
        int[] out = new int[q];
        for (int i = 0; i < q; i++) {
            out[i] = (int) ((long) i * n / q);
        }
        return out;
    }

    /**
     * One model's curve over the gallery.
     *
     * @param histograms the class histogram of each gallery sample (cached by the caller)
     * @throws PairvizException if the gallery has no more than k images
     */
    public static Curve curve(String model, Gallery gallery, HistogramCache histograms, int queries, int k) {
        int n = gallery.samples().size();
        if (n <= k) {
            throw BadParameterException.of("top", k + " needs more than " + k + " images, and the data has " + n);
        }
        int[] qs = queryIndices(n, queries);
        double[] sum = new double[k];
        for (int qi : qs) {
            Sample q = gallery.samples().get(qi);
            double[] hq = histograms.of(q);
            List<Gallery.Match> top = gallery.top(gallery.embeddings().row(qi), k, q.path().orElse(null), q.label());
            for (int r = 0; r < k; r++) {
                sum[r] += Vectors.dot(hq, histograms.of(top.get(r).sample()));
            }
        }
        for (int r = 0; r < k; r++) {
            sum[r] /= qs.length;
        }
        return new Curve(model, sum, qs.length);
    }

    /** Histograms computed once per image and shared by the models. */
    public static final class HistogramCache {
        private final Segmentations segmentations;
        private final Map<String, double[]> done = new HashMap<>();

        public HistogramCache(Segmentations segmentations) {
            this.segmentations = segmentations;
        }

        public double[] of(Sample s) {
            String key = s.path().map(p -> p.toAbsolutePath().normalize().toString()).orElse(s.id());
            return done.computeIfAbsent(key, x -> histogram(segmentations.of(s)));
        }
    }

    /** The curves as a line chart. */
    public BufferedImage draw() {
        Map<String, double[]> series = new LinkedHashMap<>();
        curves.forEach(c -> series.put(c.model(), c.meanDot()));
        return LineChart.draw("Pose similarity of the top " + k + " matches (mean over " + curves.get(0).queries()
                + " queries)", List.of(new LineChart.Panel("class-histogram dot product", "rank of the match", "dot",
                series, 1, k)));
    }

    /** The numbers behind the figure. */
    public Map<String, Object> toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("top", k);
        o.put("histogram", "pixel counts of labels 1..255 (0 = background excluded), L2-normalised");
        List<Object> list = new ArrayList<>();
        for (Curve c : curves) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("model", c.model());
            r.put("queries", c.queries());
            r.put("mean_dot", c.meanDot());
            r.put("mean_over_ranks", java.util.Arrays.stream(c.meanDot()).average().orElse(0));
            list.add(r);
        }
        o.put("curves", list);
        return o;
    }
}

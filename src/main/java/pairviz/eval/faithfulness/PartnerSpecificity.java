package pairviz.eval.faithfulness;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntConsumer;
import pairviz.data.Sample;
import pairviz.data.scenes.GroundTruth;
import pairviz.data.scenes.SceneDataset;
import pairviz.data.scenes.SceneObject;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.HeadFusion;
import pairviz.explain.ImageFeatures;
import pairviz.explain.RolloutSpec;
import pairviz.image.Preprocessing;
import pairviz.loading.EmbeddingModel;

/**
 * Whether a paired map follows the partner. Triplets (A, B1, B2) of one class where A shares some
 * signature objects only with B1 and others only with B2: the map of A given B1 should put more of
 * its positive mass than the map given B2 on what A shares only with B1, and less on what it
 * shares only with B2. A triplet scores 1 when
 * {@code [m(M1, U1) - m(M2, U1)] - [m(M1, U2) - m(M2, U2)] > 0} ({@code m} the share of a map's
 * positive mass on a region, {@code U1}, {@code U2} what A shares only with B1, only with B2), 0
 * when it is negative and 1/2 on a tie: a map that ignores the partner scores exactly 0.5. Beside
 * it, the correlation of the two maps over the cells (1 for maps that are one picture scaled).
 */
public final class PartnerSpecificity {
    /** Differences below this count as a tie (maps equal up to rounding). */
    static final double TIE = 1e-6;
    /** Triplets whose features are taken together. */
    static final int CHUNK = 32;

    private final EmbeddingModel model;
    private final Preprocessing preprocessing;
    private final List<Method> methods;
    private final int batchSize;

    /**
     * A triplet and its two regions of A.
     *
     * @param a the image whose maps are compared
     * @param b1 the first partner
     * @param b2 the second partner
     * @param onlyB1 ids of the signature objects A shares with B1 but not B2
     * @param onlyB2 the same for B2
     */
    public record Triplet(Sample a, Sample b1, Sample b2, Set<String> onlyB1, Set<String> onlyB2) {}

    /**
     * One method's result on one triplet.
     *
     * @param specificity 1, 0 or 0.5 (see the class comment)
     * @param correlation Pearson correlation of the two maps over the cells (NaN if one is constant)
     */
    public record Score(double specificity, double correlation) {}

    /**
     * A method's summary.
     *
     * @param method the method's id
     * @param specificity mean over triplets, with its bootstrap interval
     * @param correlation mean correlation of the two maps
     */
    public record Row(String method, Bootstrap.Estimate specificity, Bootstrap.Estimate correlation) {}

    public PartnerSpecificity(EmbeddingModel model, Preprocessing preprocessing, List<Method> methods, int batchSize) {
        this.model = model;
        this.preprocessing = preprocessing;
        this.methods = List.copyOf(methods);
        this.batchSize = batchSize;
    }

    /**
     * Up to {@code n} distinct triplets from the samples' classes (fewer if the scenes do not
     * have that many; about 50 tries per triplet are made).
     */
    public static List<Triplet> sample(SceneDataset scenes, List<Sample> samples, int n, Random random) {
        Map<String, List<Sample>> byClass = new LinkedHashMap<>();
        for (Sample s : samples) {
            byClass.computeIfAbsent(s.label(), l -> new ArrayList<>()).add(s);
        }
        List<List<Sample>> classes = byClass.values().stream().filter(g -> g.size() >= 3).toList();
        List<Triplet> out = new ArrayList<>();
        if (classes.isEmpty()) {
            return out;
        }
        Set<List<String>> seen = new HashSet<>();
        Map<Sample, Set<String>> signatures = new LinkedHashMap<>();
        for (long tries = 0; out.size() < n && tries < 50L * n; tries++) {
            List<Sample> g = classes.get(random.nextInt(classes.size()));
            Sample a = g.get(random.nextInt(g.size()));
            Sample b1 = g.get(random.nextInt(g.size()));
            Sample b2 = g.get(random.nextInt(g.size()));
            if (a == b1 || a == b2 || b1 == b2) {
                continue;
            }
            Set<String> sa = signatures.computeIfAbsent(a, s -> visibleSignatures(scenes, s));
            Set<String> s1 = intersect(sa, signatures.computeIfAbsent(b1, s -> visibleSignatures(scenes, s)));
            Set<String> s2 = intersect(sa, signatures.computeIfAbsent(b2, s -> visibleSignatures(scenes, s)));
            Set<String> only1 = new LinkedHashSet<>(s1);
            only1.removeAll(s2);
            Set<String> only2 = new LinkedHashSet<>(s2);
            only2.removeAll(s1);
            boolean ordered = b1.id().compareTo(b2.id()) < 0;
            if (only1.isEmpty() || only2.isEmpty()
                    || !seen.add(List.of(a.id(), ordered ? b1.id() : b2.id(), ordered ? b2.id() : b1.id()))) {
                continue;
            }
            out.add(new Triplet(a, b1, b2, only1, only2));
        }
        return out;
    }

    private static Set<String> visibleSignatures(SceneDataset scenes, Sample s) {
        Set<String> ids = new LinkedHashSet<>();
        for (SceneObject o : scenes.annotation(s).objects()) {
            if (o.isSignature() && o.visiblePixels() > 0) {
                ids.add(o.id());
            }
        }
        return ids;
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.retainAll(b);
        return out;
    }

    /**
     * The two regions of A a triplet's maps are compared on, U1 (what A shares only with B1) and
     * U2 (only with B2), as the fraction of each cell of A's {@code rows x cols} grid they cover.
     */
    @FunctionalInterface
    public interface Regions {
        /** {@code {U1, U2}}, each row-major. */
        float[][] of(Triplet t, int rows, int cols);
    }

    /** The regions of scenes: the pixels of the signature objects A shares only with B1, only with B2. */
    public static Regions sceneRegions(SceneDataset scenes) {
        return (t, rows, cols) -> {
            var annotation = scenes.annotation(t.a()).objects();
            var mask = scenes.mask(t.a());
            return new float[][] {GroundTruth.objectMask(annotation, mask, t.onlyB1()).coverage(cols, rows),
                GroundTruth.objectMask(annotation, mask, t.onlyB2()).coverage(cols, rows)};
        };
    }

    /** {@link #evaluate(Regions, List, IntConsumer)} on scenes triplets. */
    public List<List<Score>> evaluate(SceneDataset scenes, List<Triplet> triplets, IntConsumer onTriplets) {
        return evaluate(sceneRegions(scenes), triplets, onTriplets);
    }

    /**
     * Scores every method on every triplet.
     *
     * @param regions where A's shared parts are
     * @param onTriplets told how many triplets each chunk finished
     * @return per triplet, one score per method
     */
    public List<List<Score>> evaluate(Regions regions, List<Triplet> triplets, IntConsumer onTriplets) {
        Map<HeadFusion, FeatureExtractor> extractors = new EnumMap<>(HeadFusion.class);
        extractors.put(HeadFusion.MEAN, new FeatureExtractor(model, RolloutSpec.DEFAULT).withNormalization(preprocessing.range(), preprocessing.norm()));
        if (model.config().attentionLayers() > 0) {
            for (Method m : methods) {
                extractors.computeIfAbsent(m.fusion(), f -> new FeatureExtractor(model, new RolloutSpec(f, 0)).withNormalization(preprocessing.range(), preprocessing.norm()));
            }
        }
        List<List<Score>> out = new ArrayList<>();
        for (int from = 0; from < triplets.size(); from += CHUNK) {
            List<Triplet> chunk = triplets.subList(from, Math.min(triplets.size(), from + CHUNK));
            List<Map<HeadFusion, ImageFeatures>> features = features(chunk, extractors);
            for (int i = 0; i < chunk.size(); i++) {
                Triplet t = chunk.get(i);
                Map<HeadFusion, ImageFeatures> a = features.get(3 * i);
                ImageFeatures any = a.get(HeadFusion.MEAN);
                float[][] u = regions.of(t, any.gridRows(), any.gridCols());
                float[] u1 = u[0];
                float[] u2 = u[1];
                PairFeatures with1 = new PairFeatures(a, features.get(3 * i + 1));
                PairFeatures with2 = new PairFeatures(a, features.get(3 * i + 2));
                List<Score> scores = new ArrayList<>();
                Random random = new Random(from + i); // only the random map draws from it
                for (Method m : methods) {
                    float[] m1 = m.mapOfA(with1, random).values();
                    float[] m2 = m.mapOfA(with2, random).values();
                    scores.add(score(m1, m2, u1, u2));
                }
                out.add(scores);
            }
            onTriplets.accept(chunk.size());
        }
        return out;
    }

    /** One triplet's score from the two maps of A and the two regions (cell coverages). */
    static Score score(float[] m1, float[] m2, float[] u1, float[] u2) {
        double d = GroundTruthMetrics.massInside(m1, u1) - GroundTruthMetrics.massInside(m2, u1)
                - GroundTruthMetrics.massInside(m1, u2) + GroundTruthMetrics.massInside(m2, u2);
        double s = Double.isNaN(d) || Math.abs(d) < TIE ? 0.5 : d > 0 ? 1 : 0;
        return new Score(s, correlation(m1, m2));
    }

    /** Pearson correlation over the cells; NaN if either map is constant. */
    static double correlation(float[] x, float[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Double.NaN;
    }

    /** Each method's means over triplets, with 95% bootstrap intervals. */
    public List<Row> summarise(List<List<Score>> scores, long seed) {
        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) {
            double[] s = new double[scores.size()];
            double[] c = new double[scores.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = scores.get(i).get(m).specificity();
                c[i] = scores.get(i).get(m).correlation();
            }
            rows.add(new Row(methods.get(m).id(), Bootstrap.mean95(s, seed), Bootstrap.mean95(c, seed)));
        }
        return rows;
    }

    /** The summary as a Markdown table. */
    public static String markdown(List<Row> rows, int triplets) {
        return markdown(rows, triplets, "A, B1, B2 of one class; A shares different signature objects with B1 and B2");
    }

    /** The summary as a Markdown table, the triplets described by {@code what}. */
    public static String markdown(List<Row> rows, int triplets, String what) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "**partner specificity: %d triplets** (%s; chance 0.5)%n%n", triplets, what));
        sb.append("| method | partner specificity ↑ | correlation of A given B1 with A given B2 |\n|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.method()).append(" | ").append(cell(r.specificity())).append(" | ")
                    .append(cell(r.correlation())).append(" |\n");
        }
        return sb.append('\n').toString();
    }

    private static String cell(Bootstrap.Estimate e) {
        return Double.isNaN(e.mean()) ? "n/a" : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", e.mean(), e.low(), e.high());
    }

    /** The summary as JSON. */
    public static List<Map<String, Object>> toJson(List<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("method", r.method());
            o.put("specificity", estimate(r.specificity()));
            o.put("correlation", estimate(r.correlation()));
            out.add(o);
        }
        return out;
    }

    private static Map<String, Object> estimate(Bootstrap.Estimate e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("mean", Double.isFinite(e.mean()) ? e.mean() : null);
        o.put("low", Double.isFinite(e.low()) ? e.low() : null);
        o.put("high", Double.isFinite(e.high()) ? e.high() : null);
        o.put("n", e.n());
        return o;
    }

    private List<Map<HeadFusion, ImageFeatures>> features(List<Triplet> chunk, Map<HeadFusion, FeatureExtractor> extractors) {
        int size = model.config().imageSize();
        List<String> ids = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        for (Triplet t : chunk) {
            for (Sample s : List.of(t.a(), t.b1(), t.b2())) {
                ids.add(s.id());
                images.add(preprocessing.prepare(s.load()).pixels());
            }
        }
        List<Map<HeadFusion, ImageFeatures>> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            out.add(new EnumMap<>(HeadFusion.class));
        }
        for (var e : extractors.entrySet()) {
            for (int from = 0; from < images.size(); from += batchSize) {
                int to = Math.min(images.size(), from + batchSize);
                List<ImageFeatures> f = e.getValue().extract(ids.subList(from, to), images.subList(from, to));
                for (int j = from; j < to; j++) {
                    out.get(j).put(e.getKey(), f.get(j - from));
                }
            }
        }
        return out;
    }
}

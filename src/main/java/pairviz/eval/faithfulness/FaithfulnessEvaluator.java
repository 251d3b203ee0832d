package pairviz.eval.faithfulness;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntConsumer;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.data.Sample;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.HeadFusion;
import pairviz.explain.Heatmap;
import pairviz.explain.ImageFeatures;
import pairviz.explain.RolloutSpec;
import pairviz.image.Preprocessing;
import pairviz.loading.EmbeddingModel;

/**
 * Scores every method on every pair: makes the maps from one unperturbed pass per chunk of pairs
 * (and head fusion), then runs all their deletion and insertion curves through a
 * {@link CurveEngine} in shared batches, and compares the maps with the ground truth.
 */
public final class FaithfulnessEvaluator {
    /** Most images read to estimate the dataset's mean colour. */
    static final int MEAN_COLOUR_IMAGES = 1000;

    private final EmbeddingModel model;
    private final Preprocessing preprocessing;
    private final List<Method> methods;
    private final Settings settings;

    /**
     * How the curves are run.
     *
     * @param steps K, perturbation steps per curve
     * @param batchSize images per forward pass
     * @param chunk pairs whose curves are run together
     * @param blurSigma the blur baseline's Gaussian sigma, as a fraction of the input side
     * @param seed seeds the random maps and the order of tied patches
     */
    public record Settings(int steps, int batchSize, int chunk, double blurSigma, long seed) {
        /** 16 steps, 64 images per pass, 32 pairs per chunk, sigma S / 16, seed 0. */
        public static final Settings DEFAULT = new Settings(16, 64, 32, 1.0 / 16, 0);

        public Settings {
            if (steps < 1) {
                throw BadParameterException.of("steps", "must be at least 1, not " + steps);
            }
            if (batchSize < 1 || chunk < 1 || !(blurSigma >= 0)) {
                throw new IllegalArgumentException("batch " + batchSize + ", chunk " + chunk + ", sigma " + blurSigma);
            }
        }
    }

    /**
     * @throws PairvizException if a method needs a rollout and the network is a CNN
     */
    public FaithfulnessEvaluator(EmbeddingModel model, Preprocessing preprocessing, List<Method> methods, Settings settings) {
        boolean transformer = model.config().attentionLayers() > 0;
        for (Method m : methods) {
            if (!transformer && (m.needsRollout() || m.fusion() != HeadFusion.MEAN)) {
                throw BadParameterException.of("methods", m.id() + " needs a transformer's attention; "
                        + model.source() + " is a CNN: use " + String.join(",", Method.ids(Method.defaults(false))));
            }
        }
        this.model = model;
        this.preprocessing = preprocessing;
        this.methods = List.copyOf(methods);
        this.settings = settings;
    }

    public List<Method> methods() {
        return methods;
    }

    /**
     * Scores every method on every pair.
     *
     * @param masks ground truth ({@link MaskSource#NONE} for none)
     * @param onImages told how many images each forward pass embedded (perturbed or not)
     * @param onPairs told how many pairs each chunk finished
     */
    public List<PairResult> evaluate(List<ImagePair> pairs, MaskSource masks, IntConsumer onImages, IntConsumer onPairs) {
        int size = model.config().imageSize();
        float[] colour = meanColour(pairs);
        Map<HeadFusion, FeatureExtractor> extractors = extractors();
        Embedder embedder = new ModelEmbedder(model);
        List<PairResult> out = new ArrayList<>(pairs.size());
        Perturbation geometry = null;
        CurveEngine engine = null;
        float[] meanImage = null;
        for (int from = 0; from < pairs.size(); from += settings.chunk()) {
            List<ImagePair> chunk = pairs.subList(from, Math.min(pairs.size(), from + settings.chunk()));
            List<float[]> imagesA = new ArrayList<>();
            List<float[]> imagesB = new ArrayList<>();
            for (ImagePair p : chunk) {
                imagesA.add(tensor(p.a(), size));
                imagesB.add(tensor(p.b(), size));
            }
            List<PairFeatures> features = features(chunk, imagesA, imagesB, extractors, onImages);
            if (geometry == null) {
                ImageFeatures f = features.get(0).a(HeadFusion.MEAN);
                geometry = new Perturbation(size, f.gridRows(), f.gridCols());
                engine = new CurveEngine(geometry, embedder, settings.steps(), settings.batchSize());
                meanImage = geometry.constant(colour);
            }
            List<CurveEngine.PairInput> inputs = new ArrayList<>();
            List<List<Heatmap>> maps = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                PairFeatures pf = features.get(i);
                long index = from + i;
                int[] ties = PatchRanking.randomPriorities(geometry.cells(), new Random(mix(settings.seed(), index, 0)));
                Random random = new Random(mix(settings.seed(), index, 1));
                List<Heatmap> pairMaps = new ArrayList<>();
                List<int[]> orders = new ArrayList<>();
                for (Method m : methods) {
                    Heatmap map = m.mapOfA(pf, random);
                    pairMaps.add(map);
                    orders.add(PatchRanking.order(map.values(), ties));
                }
                maps.add(pairMaps);
                inputs.add(new CurveEngine.PairInput(imagesA.get(i), meanImage,
                        geometry.blur(imagesA.get(i), settings.blurSigma() * size), pf.b(HeadFusion.MEAN).unit(), orders));
            }
            List<List<CurveEngine.OrderCurves>> curves = engine.run(inputs, onImages);
            for (int i = 0; i < chunk.size(); i++) {
                ImageFeatures fa = features.get(i).a(HeadFusion.MEAN);
                float[] coverage = masks.coverage(chunk.get(i), fa.gridRows(), fa.gridCols());
                out.add(score(chunk.get(i), features.get(i).score(), coverage, maps.get(i), curves.get(i)));
            }
            onPairs.accept(chunk.size());
        }
        return out;
    }

    private PairResult score(ImagePair pair, double score, float[] coverage, List<Heatmap> maps,
            List<CurveEngine.OrderCurves> curves) {
        boolean truth = coverage != null && hasMask(coverage);
        List<MethodScores> scores = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) {
            float[] map = maps.get(m).values();
            CurveEngine.OrderCurves c = curves.get(m);
            double reference = c.deletion()[0]; // the unperturbed similarity, as the curves measured it
            Map<Metric, Double> s = new EnumMap<>(Metric.class);
            s.put(Metric.DELETION, Curves.normalisedArea(c.deletion(), reference));
            s.put(Metric.DELETION_BLUR, Curves.normalisedArea(c.deletionBlur(), reference));
            s.put(Metric.INSERTION, Curves.normalisedArea(c.insertion(), reference));
            s.put(Metric.MASS, truth ? GroundTruthMetrics.massInside(map, coverage) : Double.NaN);
            s.put(Metric.POINTING, truth ? GroundTruthMetrics.pointing(map, coverage) : Double.NaN);
            s.put(Metric.AUC, truth ? GroundTruthMetrics.rocAuc(map, coverage) : Double.NaN);
            s.put(Metric.COMPLETENESS, Math.abs(maps.get(m).sum() - score));
            scores.add(new MethodScores(methods.get(m), s, c));
        }
        return new PairResult(pair, score, truth, scores);
    }

    private static boolean hasMask(float[] coverage) {
        for (float c : coverage) {
            if (c > 0) {
                return true;
            }
        }
        return false;
    }

    /** One extractor per head fusion the methods use (a single one for a CNN). */
    private Map<HeadFusion, FeatureExtractor> extractors() {
        Set<HeadFusion> fusions = new LinkedHashSet<>();
        fusions.add(HeadFusion.MEAN);
        if (model.config().attentionLayers() > 0) {
            for (Method m : methods) {
                fusions.add(m.fusion());
            }
        }
        Map<HeadFusion, FeatureExtractor> out = new LinkedHashMap<>();
        for (HeadFusion f : fusions) {
            out.put(f, new FeatureExtractor(model, new RolloutSpec(f, 0)).withNormalization(preprocessing.range(), preprocessing.norm()));
        }
        return out;
    }

    private List<PairFeatures> features(List<ImagePair> chunk, List<float[]> imagesA, List<float[]> imagesB,
            Map<HeadFusion, FeatureExtractor> extractors, IntConsumer onImages) {
        List<String> ids = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            ids.add(chunk.get(i).a().id());
            images.add(imagesA.get(i));
            ids.add(chunk.get(i).b().id());
            images.add(imagesB.get(i));
        }
        Map<HeadFusion, List<ImageFeatures>> byFusion = new EnumMap<>(HeadFusion.class);
        for (var e : extractors.entrySet()) {
            List<ImageFeatures> all = new ArrayList<>();
            for (int from = 0; from < images.size(); from += settings.batchSize()) {
                int to = Math.min(images.size(), from + settings.batchSize());
                all.addAll(e.getValue().extract(ids.subList(from, to), images.subList(from, to)));
                onImages.accept(to - from);
            }
            byFusion.put(e.getKey(), all);
        }
        List<PairFeatures> out = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            Map<HeadFusion, ImageFeatures> a = new EnumMap<>(HeadFusion.class);
            Map<HeadFusion, ImageFeatures> b = new EnumMap<>(HeadFusion.class);
            for (var e : byFusion.entrySet()) {
                a.put(e.getKey(), e.getValue().get(2 * i));
                b.put(e.getKey(), e.getValue().get(2 * i + 1));
            }
            out.add(new PairFeatures(a, b));
        }
        return out;
    }

    /** The network input of a sample: resized to S x S (bilinear), normalised; 3 x S x S. */
    private float[] tensor(Sample s, int size) {
        return preprocessing.prepare(s.load()).pixels();
    }

    /**
     * The mean colour of the pairs' images (at most {@value #MEAN_COLOUR_IMAGES} distinct ones, in
     * pair order), normalised: the deletion baseline.
     */
    private float[] meanColour(List<ImagePair> pairs) {
        Set<Sample> distinct = new LinkedHashSet<>();
        for (ImagePair p : pairs) {
            if (distinct.size() < MEAN_COLOUR_IMAGES) {
                distinct.add(p.a());
            }
            if (distinct.size() < MEAN_COLOUR_IMAGES) {
                distinct.add(p.b());
            }
        }
        double[] sum = new double[3];
        long count = 0;
        for (Sample s : distinct) {
            BufferedImage img = s.load();
            int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
            for (int v : px) {
                sum[0] += (v >>> 16) & 0xff;
                sum[1] += (v >>> 8) & 0xff;
                sum[2] += v & 0xff;
            }
            count += px.length;
        }
        return count == 0 ? preprocessing.colour(127.5, 127.5, 127.5)
                : preprocessing.colour(sum[0] / count, sum[1] / count, sum[2] / count);
    }

    /** A seed for pair {@code index}'s stream {@code stream}, independent of how pairs are chunked. */
    static long mix(long seed, long index, int stream) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

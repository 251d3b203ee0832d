package pairviz.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import pairviz.PairvizException;
import pairviz.explain.ExplainOptions;
import pairviz.explain.Mode;
import pairviz.explain.RolloutSpec;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageFeatures;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.image.Normalization;
import pairviz.image.Preprocess;
import pairviz.model.Preset;
import pairviz.model.EmbeddingModel;
import pairviz.model.Engines;
import pairviz.model.ModelConfig;
import pairviz.model.ModelOptions;
import pairviz.render.Colormap;
import pairviz.render.Overlay;
import pairviz.render.PairFigure;
import pairviz.render.Pictures;
import pairviz.train.BatchLoader;
import pairviz.train.InitialWeights;
import pairviz.train.Learner;
import pairviz.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pairviz bench}: what one more pair costs in {@code explain --pairs} (forward pass of both
 * images in one batch, rollout, decomposition, three pictures written), measured after a warm-up
 * on random (not zero) images, as medians; and the machine's matrix-multiply rate, which sets
 * the floor.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures the marginal cost of explaining one more pair, and the floor this machine sets; "
                + "with --train, the cost of one training step.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "vit-b16", paramLabel = "NAME", completionCandidates = pairviz.model.Preset.Names.class,
            description = "Preset to measure (random weights): ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--weights", description = "Measure this checkpoint instead of random weights.")
    Path weights;

    @Option(names = "--pairs", defaultValue = "8", description = "Measured pairs after warm-up. Default: ${DEFAULT-VALUE}.")
    int pairs;

    @Option(names = "--warmup", defaultValue = "2", description = "Pairs explained before measuring. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--modes", defaultValue = "reference", paramLabel = "LIST",
            description = "Comma-separated modes to time, one after the other (see explain --mode). Default: ${DEFAULT-VALUE}.")
    String modes;

    @Option(names = "--train", description = "Measure one training step (forward, backward, update) of --model, or of "
            + "the architecture of --weights, instead; e.g. --model vit-small --train.")
    boolean train;

    @Option(names = "--optimizer", defaultValue = "sgd",
            description = "Optimizer of the step with --train: sgd or adamw. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--batch", defaultValue = "32", description = "Images per training step with --train. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Override
    public Integer call() throws IOException {
        if (pairs < 1) {
            throw new PairvizException("--pairs must be at least 1, not " + pairs);
        }
        if (warmup < 0) {
            throw new PairvizException("--warmup must not be negative, not " + warmup);
        }
        if (train) {
            return trainStep();
        }
        long t0 = System.nanoTime();
        Engines.pytorch();
        double engineS = seconds(t0);
        t0 = System.nanoTime();
        EmbeddingModel m = weights != null
                ? EmbeddingModel.load(weights, ModelOptions.auto())
                : EmbeddingModel.random(Preset.of(model).config(ModelOptions.auto()), 42);
        double loadS = seconds(t0);
        Path tmp = Files.createTempDirectory("pairviz-bench");
        try (m) {
            ModelConfig c = m.config();
            System.out.printf("model: %s (%s)%n", c.describe(), m.source());
            System.out.printf("engine start %.2f s, weights %.2f s%n", engineS, loadS);
            FeatureExtractor fx = new FeatureExtractor(m, RolloutSpec.DEFAULT);
            double perPair = Double.NaN;
            for (String id : modes.split(",")) {
                Mode mode = Mode.parse(id);
                perPair = timePairs(fx, new PairExplainer(new ExplainOptions(mode, RolloutSpec.DEFAULT)), c, tmp, mode);
            }
            double gflops = matmulRate(m);
            System.out.printf("matrix multiply: %.0f GFLOP/s on this machine%n", gflops);
            if (c instanceof pairviz.model.vit.VitConfig v) {
                double flops = 2 * vitFlops(v);
                System.out.printf("floor for the forward pass of two images (%.1f GFLOP): %.3f s; last mode measured / floor = %.2f%n",
                        flops / 1e9, flops / 1e9 / gflops, perPair / (flops / 1e9 / gflops));
            }
        } finally {
            try (var files = Files.list(tmp)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tmp);
        }
        return 0;
    }

    /** The median cost of one more pair in one mode (forward pass, maps, three pictures), printed. */
    private double timePairs(FeatureExtractor fx, PairExplainer explainer, ModelConfig c, Path tmp, Mode mode)
            throws IOException {
        Random random = new Random(7);
        double[] forward = new double[pairs];
        double[] total = new double[pairs];
        String resolved = mode.id();
        for (int i = -warmup; i < pairs; i++) {
            BufferedImage a = randomImage(random, c.imageSize());
            BufferedImage b = randomImage(random, c.imageSize());
            long start = System.nanoTime();
            List<ImageFeatures> f = fx.extract(List.of("a", "b"), List.of(
                    Preprocess.networkInput(a, c.imageSize(), Normalization.IMAGENET),
                    Preprocess.networkInput(b, c.imageSize(), Normalization.IMAGENET)));
            double fw = seconds(start);
            PairExplanation e = explainer.explain(f.get(0), f.get(1));
            resolved = e.options().mode().id();
            Overlay.Pair pics = Overlay.pair(a, e.mapA().values(), b, e.mapB().values(), e.mapA().rows(),
                    e.mapA().cols(), Colormap.JET, Overlay.Scale.SEPARATE);
            Pictures.writePng(pics.a(), tmp.resolve("a.png"));
            Pictures.writePng(pics.b(), tmp.resolve("b.png"));
            Pictures.writePng(PairFigure.draw(a, b, pics.a(), pics.b(), e.score(), Colormap.JET), tmp.resolve("p.png"));
            if (i >= 0) {
                forward[i] = fw;
                total[i] = seconds(start);
            }
        }
        double perPair = median(total);
        System.out.printf("mode %s, per pair (median of %d): %.3f s total, of which forward pass of both images %.3f s%n",
                resolved, pairs, perPair, median(forward));
        return perPair;
    }

    /**
     * Median time of one optimizer step (forward and backward pass of a batch of random images,
     * Proxy Anchor loss, SGD or AdamW update) of a preset with its training initialisation: what the model
     * itself costs, to set beside the images/s that {@code pairviz train} reports for a whole run.
     */
    private int trainStep() {
        if (batch < 2 || batch % 2 != 0) {
            throw new pairviz.PairvizException("--batch must be an even number of at least 2, got " + batch);
        }
        ModelConfig c;
        if (weights != null) {
            try (EmbeddingModel m = EmbeddingModel.load(weights, ModelOptions.auto())) {
                c = m.config(); // the architecture of --weights, trained from scratch
            }
        } else {
            c = pairviz.model.Preset.of(model).config();
        }
        TrainConfig config = new TrainConfig(List.of(Path.of(".")), "folders", "classes:0.5", c,
                pairviz.train.LossKind.PROXY_ANCHOR,
                Math.max(1, warmup + pairs), batch / 2, 2, 0.01, 1e-4, 0, 1, 1, false, "imagenet", null,
                pairviz.train.OptimizerKind.of(optimizer));
        int size = c.imageSize();
        Random random = new Random(7);
        try (Learner learner = Learner.create(config, InitialWeights.fromScratch(c.newNetwork(), 0), batch / 2, 0, null,
                "random")) {
            System.out.printf("model: %s, batch %d, %d PyTorch threads%n", c.describe(), batch, threads());
            double[] t = new double[pairs];
            for (int i = -warmup; i < pairs; i++) {
                float[] pixels = new float[batch * 3 * size * size];
                for (int k = 0; k < pixels.length; k++) {
                    pixels[k] = (float) random.nextGaussian();
                }
                long[] labels = new long[batch];
                for (int k = 0; k < batch; k++) {
                    labels[k] = k / 2;
                }
                long start = System.nanoTime();
                learner.step(new BatchLoader.Loaded(i, pixels, labels, batch));
                if (i >= 0) {
                    t[i] = seconds(start);
                }
            }
            double step = median(t);
            System.out.printf("training step (median of %d): %.3f s = %.1f images/s%n", pairs, step, batch / step);
        }
        return 0;
    }

    private static int threads() {
        return Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
    }

    /** Multiply-adds x 2 of one ViT forward pass (matrix products only). */
    static double vitFlops(pairviz.model.vit.VitConfig v) {
        double n = v.patches();
        double d = v.width();
        double perLayer = 4 * n * d * d + 2 * n * n * d + 2 * n * d * v.mlpDim();
        double patch = n * d * 3 * v.patchSize() * v.patchSize();
        return 2 * (v.depth() * perLayer + patch + n * d * v.outDim());
    }

    /** GFLOP/s of a [512, 768] x [768, 3072] product, warmed up, median of 10. */
    static double matmulRate(EmbeddingModel m) {
        try (NDManager sub = m.manager().newSubManager()) {
            NDArray x = sub.randomNormal(new Shape(512, 768));
            NDArray w = sub.randomNormal(new Shape(768, 3072));
            double[] t = new double[10];
            for (int i = -3; i < t.length; i++) {
                long s = System.nanoTime();
                x.matMul(w).close();
                if (i >= 0) {
                    t[i] = seconds(s);
                }
            }
            return 2.0 * 512 * 768 * 3072 / median(t) / 1e9;
        }
    }

    static BufferedImage randomImage(Random r, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}

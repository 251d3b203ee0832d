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
import pairviz.PairvizException;
import pairviz.explain.ExplainOptions;
import pairviz.explain.Mode;
import pairviz.explain.RolloutSpec;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageFeatures;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.explain.PassCounts;
import pairviz.eval.MapAgreement;
import pairviz.image.ImageFiles;
import pairviz.image.PreparedImage;
import pairviz.image.Preprocessing;
import pairviz.loading.Preset;
import pairviz.loading.EmbeddingModel;
import pairviz.model.Engines;
import pairviz.model.ModelConfig;
import pairviz.loading.ModelOptions;
import pairviz.model.Precision;
import pairviz.model.layers.Bf16Kernels;
import pairviz.render.Colormap;
import pairviz.render.Overlay;
import pairviz.render.PairFigure;
import pairviz.render.PhotoOverlay;
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
public final class BenchCommand extends PairvizCommand {
    @Option(names = "--model", defaultValue = "vit-b16", paramLabel = "NAME", completionCandidates = pairviz.loading.Preset.Names.class,
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

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16", converter = Converters.PrecisionConverter.class,
            description = "Precision of the timed model (see explain). With bf16 every timed pair is also explained in fp32, "
                    + "and their agreement printed. Default: ${DEFAULT-VALUE}.")
    Precision precision;

    @Option(names = "--profile", description = "Also profile each mode by kind of operation (patch embedding, "
            + "matrix products, attention, softmax, norms, GELU, copies, the rest) over --pairs more pairs; a ViT's only.")
    boolean profile;

    @Option(names = "--images", paramLabel = "DIR",
            description = "Time pairs of these images (drawn at random, seeded) instead of random pixels.")
    Path images;

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
        out().println(pairviz.model.CpuDescription.ofThisMachine().line());
        if (train) {
            return trainStep();
        }
        long t0 = System.nanoTime();
        Engines.pytorch();
        double engineS = seconds(t0);
        t0 = System.nanoTime();
        ModelOptions options = ModelOptions.builder().optPrecision(precision).build();
        EmbeddingModel m = weights != null
                ? EmbeddingModel.load(weights, options) // a network that cannot run the precision refuses it here
                : EmbeddingModel.random(Preset.of(model).config(options), 42).setPrecision(precision);
        double loadS = seconds(t0);
        Path tmp = Files.createTempDirectory("pairviz-bench");
        try (m) {
            ModelConfig c = m.config();
            out().printf("model: %s (%s), %s, %d PyTorch threads%n", c.describe(), m.source(), m.precision().label(), threads());
            out().printf("engine start %.2f s, weights %.2f s%n", engineS, loadS);
            Preprocessing prep = m.preprocessing(); // photos prepared as explain prepares them
            out().printf(java.util.Locale.ROOT, "photos prepared as the model says: %s%s, %s, pixels %s%s%n",
                    prep.resize().id(), prep.resize() == pairviz.image.ResizePolicy.CENTER_CROP
                            ? String.format(java.util.Locale.ROOT, " (crop %.3f)", prep.cropFraction()) : "",
                    prep.interpolation(), prep.range().id(), prep.bgr() ? ", BGR" : "");
            EmbeddingModel fp32 = precision == Precision.FP32 ? null : fp32Copy(m);
            Timing last = null;
            List<BenchProfile> profiles = new java.util.ArrayList<>();
            for (String id : modes.split(",")) {
                Mode mode = Mode.parse(id);
                ExplainOptions explainOptions = new ExplainOptions(mode, RolloutSpec.DEFAULT);
                // as the commands make them: grad-rollout's extractor keeps the forward pass for the backward passes
                FeatureExtractor fx = new FeatureExtractor(m, explainOptions).withNormalization(prep.range(), prep.norm());
                FeatureExtractor reference = fp32 == null ? null
                        : new FeatureExtractor(fp32, explainOptions).withNormalization(prep.range(), prep.norm());
                PairExplainer explainer = new PairExplainer(explainOptions);
                last = timePairs(fx, reference, explainer, c, tmp, mode);
                if (profile) {
                    profiles.add(BenchProfile.measure(fx, explainer, c.imageSize(), pairs));
                }
                fx.dropKeptPasses();
                if (reference != null) {
                    reference.dropKeptPasses();
                }
            }
            if (fp32 != null) {
                fp32.close();
            }
            double fp32Rate = matmulRate(m, Precision.FP32);
            boolean bf16Units = pairviz.model.Bf16Units.present().orElse(true);
            double bf16Rate = bf16Units ? matmulRate(m, Precision.BF16) : Double.NaN;
            out().println(rates(fp32Rate, bf16Rate));
            profiles.forEach(p -> out().print(p.table()));
            if (c instanceof pairviz.model.vit.VitConfig v && !(precision == Precision.BF16 && !bf16Units)) {
                double gflop = 2 * vitFlops(v) / 1e9;
                double floor = gflop / (precision == Precision.BF16 ? bf16Rate : fp32Rate);
                out().printf("forward pass of two images: %.1f GFLOP in %.3f s = %.0f GFLOP/s reached; floor at the %s rate "
                                + "%.3f s; last mode measured / floor = %.2f%n",
                        gflop, last.forward(), gflop / last.forward(), precision.label(), floor, last.perPair() / floor);
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

    /** The matrix-multiply rates line; a NaN bf16 rate was not timed, for want of bf16 units. */
    static String rates(double fp32, double bf16) {
        return String.format(java.util.Locale.ROOT, "matrix multiply [512, 768] x [768, 3072]: fp32 %.0f GFLOP/s", fp32)
                + (Double.isNaN(bf16) ? "; bf16 not timed: this CPU has no bf16 units (/proc/cpuinfo lists none of "
                        + String.join(", ", new java.util.TreeSet<>(pairviz.model.Bf16Units.FLAGS))
                        + "), so PyTorch would emulate it: fp32 is faster here"
                        : String.format(java.util.Locale.ROOT, ", bf16 %.0f GFLOP/s on this machine (x%.2f): %s", bf16,
                                bf16 / fp32, bf16 > fp32 ? "--precision bf16 pays here" : "fp32 is faster here"));
    }

    /**
     * The line that sets one pair's explanation (forward pass and maps, no pictures) in a lower
     * precision beside the same pair's in fp32, measured in the same run, and says which is faster.
     */
    static String sideBySide(Precision p, double own, double fp32) {
        return String.format(java.util.Locale.ROOT, "%s beside fp32, the same pairs in the same run (forward pass and maps, "
                        + "no pictures): %s %.3f s, fp32 %.3f s a pair: %s", p.label(), p.label(), own, fp32,
                own < fp32 ? String.format(java.util.Locale.ROOT, "%s x%.2f faster", p.label(), fp32 / own)
                        : String.format(java.util.Locale.ROOT, "fp32 is faster here (%s x%.2f slower)", p.label(), own / fp32));
    }

    /** Median seconds of one more pair and of its forward pass. */
    private record Timing(double perPair, double forward) {}

    /** An fp32 model with {@code m}'s weights, to set bf16 explanations beside. */
    private EmbeddingModel fp32Copy(EmbeddingModel m) {
        return weights != null
                ? EmbeddingModel.load(weights, ModelOptions.auto())
                : EmbeddingModel.random(Preset.of(model).config(ModelOptions.auto()), 42);
    }

    /**
     * The median cost of one more pair in one mode (forward pass, maps, three pictures), printed;
     * with a {@code reference} extractor, also the agreement of each pair's explanation with its.
     */
    private Timing timePairs(FeatureExtractor fx, FeatureExtractor reference, PairExplainer explainer, ModelConfig c,
            Path tmp, Mode mode) throws IOException {
        Random random = new Random(7);
        List<Path> files = images == null ? List.of() : imageFiles(images);
        double[] forward = new double[pairs];
        double[] total = new double[pairs];
        double[] forwardAll = new double[pairs];
        double[] backward = new double[pairs];
        double[] cpu = new double[pairs];
        PassCounts.Snapshot counted = null;
        double[] scoreError = new double[pairs];
        double[] rho = new double[pairs];
        double[] ownSeconds = new double[pairs];
        double[] fp32Seconds = new double[pairs];
        String resolved = mode.id();
        Preprocessing prep = fx.model().preprocessing();
        for (int i = -warmup; i < pairs; i++) {
            BufferedImage a = files.isEmpty() ? randomImage(random, c.imageSize()) : pick(files, random);
            BufferedImage b = files.isEmpty() ? randomImage(random, c.imageSize()) : pick(files, random);
            PreparedImage pa = prep.prepare(a);
            PreparedImage pb = prep.prepare(b);
            List<float[]> inputs = List.of(pa.pixels(), pb.pixels());
            PassCounts.Snapshot before = PassCounts.now();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            List<ImageFeatures> f = fx.extract(List.of("a", "b"), inputs);
            double fw = seconds(start);
            PairExplanation e = explainer.explain(f.get(0), f.get(1));
            double explained = seconds(start);
            PassCounts.Snapshot passes = PassCounts.now().since(before);
            resolved = e.options().mode().id();
            // drawn on each photo at its own shape, as explain draws them
            PhotoOverlay.Frame frameA = PhotoOverlay.Frame.of(pa.placement(), prep.size(), 0);
            PhotoOverlay.Frame frameB = PhotoOverlay.Frame.of(pb.placement(), prep.size(), 0);
            BufferedImage photoA = PhotoOverlay.photo(a, frameA);
            BufferedImage photoB = PhotoOverlay.photo(b, frameB);
            Overlay.Pair pics = PhotoOverlay.pair(photoA, frameA, e.mapA().values(), photoB, frameB, e.mapB().values(),
                    e.mapA().rows(), e.mapA().cols(), Colormap.JET, Overlay.Scale.SEPARATE);
            Pictures.writePng(pics.a(), tmp.resolve("a.png"));
            Pictures.writePng(pics.b(), tmp.resolve("b.png"));
            Pictures.writePng(PairFigure.draw(photoA, photoB, pics.a(), pics.b(), e.score(), Colormap.JET), tmp.resolve("p.png"));
            if (i >= 0) {
                forward[i] = fw;
                total[i] = seconds(start);
                cpu[i] = (processCpuNanos() - cpuStart) / 1e9;
                forwardAll[i] = passes.forwardSeconds();
                backward[i] = passes.backwardSeconds();
                counted = passes;
                if (reference != null) {
                    // the same pair in fp32, timed as the bf16 one up to its maps (no pictures): the gain side by side
                    long fp32Start = System.nanoTime();
                    List<ImageFeatures> r = reference.extract(List.of("a", "b"), inputs);
                    PairExplanation fp32Explanation = explainer.explain(r.get(0), r.get(1));
                    fp32Seconds[i] = seconds(fp32Start);
                    ownSeconds[i] = explained;
                    MapAgreement agreement = MapAgreement.of(e, fp32Explanation);
                    scoreError[i] = agreement.scoreError();
                    rho[i] = agreement.minRankCorrelation();
                }
            }
        }
        Timing t = new Timing(median(total), median(forward));
        out().printf("mode %s, per pair (median of %d): %.3f s total, of which forward pass of both images %.3f s%n",
                resolved, pairs, t.perPair(), t.forward());
        System.out.printf(java.util.Locale.ROOT, "  passes per pair: %d forward (%d images, with autograd where the mode "
                        + "needs it) %.3f s, %d backward (%d images) %.3f s, the rest (maps, pictures) %.3f s%n",
                counted.forwardPasses(), counted.forwardImages(), median(forwardAll), counted.backwardPasses(),
                counted.backwardImages(), median(backward), t.perPair() - median(forwardAll) - median(backward));
        System.out.printf(java.util.Locale.ROOT, "  CPU time of the whole process per pair (all threads; steadier than the "
                + "wall clock on a loaded machine): %.3f s%n", median(cpu));
        if (reference != null) {
            out().printf("  agreement with fp32: score error median %.2e, max %.2e; map rank correlation "
                            + "(the lower of the two maps) median %.4f, min %.4f%n",
                    median(scoreError), Arrays.stream(scoreError).max().orElse(0), median(rho),
                    Arrays.stream(rho).min().orElse(0));
            out().println("  " + sideBySide(fx.model().precision(), median(ownSeconds), median(fp32Seconds)));
        }
        return t;
    }

    /** CPU time of this process, every thread (libtorch's included). */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    private static List<Path> imageFiles(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            List<Path> found = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).matches(".*\\.(png|jpe?g|bmp|webp)"))
                    .sorted().toList();
            if (found.isEmpty()) {
                throw new PairvizException("--images " + dir + " holds no PNG, JPEG, BMP or WebP image");
            }
            return found;
        }
    }

    private static BufferedImage pick(List<Path> files, Random random) {
        return ImageFiles.read(files.get(random.nextInt(files.size())));
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
            c = pairviz.loading.Preset.of(model).config();
        }
        TrainConfig config = TrainConfig.builder().setData(List.of(Path.of("."))).setFormat("folders").setModel(c)
                .optLoss(pairviz.train.LossKind.PROXY_ANCHOR).optIterations(Math.max(1, warmup + pairs)).optBatch(batch / 2, 2)
                .optCropScale(1, 1).optFlip(false).optOptimizer(pairviz.train.OptimizerKind.of(optimizer)).build();
        int size = c.imageSize();
        Random random = new Random(7);
        try (Learner learner = Learner.create(config, InitialWeights.fromScratch(pairviz.model.Architecture.build(c), 0), batch / 2, 0, null,
                "random").setPrecision(precision)) {
            out().printf("model: %s, batch %d, %s, %d PyTorch threads%n", c.describe(), batch, precision.label(), threads());
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
            out().printf("training step (median of %d): %.3f s = %.1f images/s%n", pairs, step, batch / step);
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

    /** GFLOP/s of a [512, 768] x [768, 3072] product in a precision (bf16: as a linear layer runs it), warmed up, median of 10. */
    static double matmulRate(EmbeddingModel m, Precision p) {
        try (NDManager sub = m.manager().newSubManager()) {
            NDArray x = sub.randomNormal(new Shape(512, 768));
            NDArray w = sub.randomNormal(new Shape(768, 3072));
            NDArray wT = p == Precision.BF16 ? Bf16Kernels.cast(w.transpose(), sub) : null; // [3072, 768]
            double[] t = new double[10];
            for (int i = -3; i < t.length; i++) {
                long s = System.nanoTime();
                (p == Precision.BF16 ? Bf16Kernels.linear(x, wT, null) : x.matMul(w)).close();
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

package pairviz.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import pairviz.util.TerminalProgress;
import pairviz.PairvizException;
import pairviz.data.Dataset;
import pairviz.data.Split;
import pairviz.store.FloatMatrix;
import pairviz.eval.Retrieval;
import pairviz.eval.RetrievalMetrics;
import pairviz.model.ModelConfig;
import pairviz.model.Precision;
import pairviz.loading.Preset;
import pairviz.model.vit.VitConfig;
import pairviz.train.LossKind;
import pairviz.train.ModelSpecs;
import pairviz.train.OptimizerKind;
import pairviz.train.RetrievalScorer;
import pairviz.train.RunDirectory;
import pairviz.train.TrainConfig;
import pairviz.train.TrainListener;
import pairviz.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code pairviz train}: metric-learning training of a ViT or BiT ResNet on a dataset, with
 * checkpoints, resume and a final retrieval evaluation on the test split.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Trains an embedding network with ArcFace or Proxy Anchor loss (SGD or AdamW, one-cycle schedule).",
            "Writes RUN/checkpoints/iter-N.safetensors (weights: pairviz explain --weights reads them),",
            "iter-N.train.safetensors (loss and optimizer state, for --resume), iter-N.json (manifest),",
            "and RUN/last.json. At the end it evaluates Recall@1 and MAP@R on the test split.",
            "--iterations 0 with --init only evaluates those weights.",
            ""
        })
public final class TrainCommand extends PairvizCommand {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Dataset folder (required unless --resume). Repeat it "
            + "to train on several datasets of one format together, their classes kept apart (e.g. scenes of several seeds).")
    List<Path> data;

    @Mixin
    FormatMixin format;

    @Option(names = "--split", defaultValue = "classes:0.5", paramLabel = "RULE",
            description = "Train/test split for datasets that do not come split: classes[:F] or images[:F]. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--model", defaultValue = "vit-tiny", paramLabel = "NAME",
            completionCandidates = Preset.Names.class,
            description = "Architecture preset: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--size", paramLabel = "S", description = "Override: input size (S x S images).")
    Integer imageSize;
    @Option(names = "--patch", paramLabel = "P", description = "Override (ViT): patch size.")
    Integer patch;
    @Option(names = "--width", paramLabel = "D", description = "Override: token width (ViT) or root channels (ResNet).")
    Integer width;
    @Option(names = "--depth", paramLabel = "L", description = "Override (ViT): encoder blocks.")
    Integer depth;
    @Option(names = "--heads", paramLabel = "H", description = "Override (ViT): attention heads.")
    Integer heads;
    @Option(names = "--mlp", paramLabel = "M", description = "Override (ViT): MLP width.")
    Integer mlp;
    @Option(names = "--out-dim", paramLabel = "E", description = "Override: embedding width.")
    Integer outDim;
    @Option(names = "--pooling", paramLabel = "mean|cls", converter = Converters.PoolingConverter.class,
            description = "Override (ViT): pooling.")
    VitConfig.Pooling pooling;
    @Option(names = "--units", paramLabel = "U,U,...", split = ",", description = "Override (ResNet): units per stage.")
    List<Integer> units;
    @Option(names = "--groups", paramLabel = "G", description = "Override (ResNet): GroupNorm groups.")
    Integer groups;

    @Option(names = "--loss", defaultValue = "arcface", paramLabel = "NAME", converter = Converters.LossConverter.class,
            description = "arcface or proxy-anchor. Default: ${DEFAULT-VALUE}.")
    LossKind loss;

    @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "NAME", converter = Converters.OptimizerConverter.class,
            description = "sgd (the paper's) or adamw (for a ViT from scratch). Default: ${DEFAULT-VALUE}.")
    OptimizerKind optimizer;

    @Option(names = "--iterations", defaultValue = "1000", paramLabel = "N", description = "Optimizer steps of the whole run. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--batch-classes", defaultValue = "8", paramLabel = "P", description = "Classes per batch. Default: ${DEFAULT-VALUE}.")
    int batchClasses;

    @Option(names = "--batch-per-class", defaultValue = "4", paramLabel = "K", description = "Images per class in a batch. Default: ${DEFAULT-VALUE}.")
    int batchPerClass;

    @Option(names = "--lr", defaultValue = "0.01", paramLabel = "LR", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "1e-4", paramLabel = "WD", description = "Weight decay (not on biases and norms). Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "X", description = "Seed of weights, batches and augmentation. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--crop-scale", defaultValue = "0.5-1", paramLabel = "MIN-MAX",
            converter = Range.Converter.class, description = "Area fraction of the random resized crop. Default: ${DEFAULT-VALUE}.")
    Range cropScale;

    @Option(names = "--no-flip", description = "No random horizontal flips.")
    boolean noFlip;

    @Option(names = "--norm", defaultValue = "imagenet", paramLabel = "NORM",
            description = "Input normalisation: imagenet, sop, or R,G,B:R,G,B. Default: ${DEFAULT-VALUE}.")
    String norm;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16", converter = Converters.PrecisionConverter.class,
            description = "Matrix products and convolutions in fp32 or bf16 (weights, gradients and the optimizer stay fp32). "
                    + "Default: ${DEFAULT-VALUE}.")
    Precision precision;

    @Option(names = "--init", paramLabel = "FILE", description = "Start from these weights (any checkpoint pairviz reads).")
    Path init;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run folder.")
    Path out;

    @Option(names = "--checkpoint-every", defaultValue = "0", paramLabel = "N",
            description = "Checkpoint every N iterations (always at the end). Default: ${DEFAULT-VALUE} (end only).")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;

    @Option(names = "--threads", paramLabel = "T", description = "Image-loading threads. Default: one per processor.")
    Integer threads;

    @Option(names = "--quiet", description = "No progress bar and no informational lines (checkpoints, test split); warnings stay.")
    boolean quiet;

    /** Longest a kill waits for the current step and its checkpoint before the JVM exits anyway. */
    private static final long STOP_WAIT_SECONDS = 120;

    /** The options that set each setting of the run (compared with the saved run on --resume). */
    private static final Map<TrainConfig.Setting, List<String>> RUN_OPTIONS = runOptions();

    private static Map<TrainConfig.Setting, List<String>> runOptions() {
        Map<TrainConfig.Setting, List<String>> m = new java.util.EnumMap<>(TrainConfig.Setting.class);
        for (TrainConfig.Setting s : TrainConfig.Setting.values()) {
            m.put(s, List.of("--" + s.key.replace('_', '-')));
        }
        m.put(TrainConfig.Setting.FLIP, List.of("--no-flip"));
        m.put(TrainConfig.Setting.MODEL, List.of("--model", "--size", "--patch", "--width", "--depth", "--heads", "--mlp",
                "--out-dim", "--pooling", "--units", "--groups"));
        return m;
    }

    /** The retrieval metrics at the end of training: Recall@1 and MAP@R of {@link Retrieval}. */
    static final RetrievalScorer SCORER = (embeddings, labels) -> {
        RetrievalMetrics m = Retrieval.evaluate(FloatMatrix.of(embeddings), labels, 1);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("recall_at_1", m.precisionAt1());
        out.put("map_at_r", m.mapAtR());
        return out;
    };

    @Override
    public Integer call() {
        OutputChecks.requireWritableFolder("--out", out);
        RunDirectory run = new RunDirectory(out);
        TrainConfig config = resume ? savedConfig(run) : config();
        int every = resume && !spec.commandLine().getParseResult().hasMatchedOption("--checkpoint-every")
                ? savedCheckpointEvery(run) : checkpointEvery;
        Dataset dataset = config.readDataset();
        requireLearnable(dataset);
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        String command = "pairviz " + spec.commandLine().getParseResult().originalArgs().stream()
                .map(TrainCommand::quote).collect(Collectors.joining(" "));
        var err = spec.commandLine().getErr();
        var info = spec.commandLine().getOut(); // what is trained: stdout, so that stderr keeps to problems
        info.println(dataset.summary());
        info.println("model: " + config.model().describe());
        info.flush();
        try (BarListener listener = new BarListener(quiet, err)) {
            Trainer trainer = new Trainer(config, dataset, run, new Trainer.Options(t, every, command, SCORER, precision),
                    listener);
            whileStoppable(trainer, () -> {
                Trainer.Result r = resume ? trainer.resume(Integer.MAX_VALUE) : trainer.start(Integer.MAX_VALUE);
                listener.close();
                var o = spec.commandLine().getOut();
                o.printf("iteration %d of %d, last loss %.4f, %.1f images/s, %.3f s per step%n", r.iteration(),
                        config.iterations(), r.loss(), r.imagesPerSecond(), r.stepSeconds());
                r.metrics().forEach((k, v) -> o.printf("%s %.4f%n", k, v));
                trainer.latestWeights().ifPresent(w -> o.println("weights: " + w));
                o.flush();
            });
        }
        return 0;
    }

    /**
     * Runs {@code training} so that Ctrl-C or a kill (SIGINT, SIGTERM) stops it cleanly: a shutdown
     * hook asks the trainer to stop after its current step and keeps the JVM alive until the
     * checkpoint of that step is written (the JVM would otherwise exit while libtorch is still in
     * a backward pass, which can crash it) and {@code training} has reported. {@code --resume}
     * then continues exactly.
     */
    private static void whileStoppable(Trainer trainer, Runnable training) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            try {
                finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pairviz-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            training.run();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that training has finished
            }
        }
    }

    /** The --checkpoint-every of the run being resumed (runs from before it was recorded: end only). */
    private static int savedCheckpointEvery(RunDirectory run) {
        Integer every = run.latest().map(s -> s.manifest().checkpointEvery()).orElse(null);
        return every != null ? every : 0;
    }

    /**
     * Refuses training data a metric loss learns nothing from: it needs two classes at least,
     * and a class needs two images to have a positive pair.
     */
    static void requireLearnable(Dataset dataset) {
        java.util.Map<String, Long> perClass = dataset.train().stream()
                .collect(Collectors.groupingBy(pairviz.data.Sample::label, Collectors.counting()));
        if (perClass.size() < 2) {
            throw new PairvizException("the training split of " + dataset.name() + " has " + perClass.size()
                    + (perClass.size() == 1 ? " class" : " classes") + "; metric learning needs at least 2");
        }
        long usable = perClass.values().stream().filter(n -> n >= 2).count();
        if (usable < 2) {
            throw new PairvizException("the training split of " + dataset.name() + " has " + usable
                    + " classes of at least 2 images; metric learning needs at least 2 such classes");
        }
    }

    /** The configuration the options describe. */
    private TrainConfig config() {
        if (data == null) {
            throw new PairvizException("--data is required (or --resume to continue the run in --out)");
        }
        for (Path d : data) {
            if (!Files.isDirectory(d)) {
                throw new PairvizException("--data " + d + " is not a folder");
            }
        }
        if (init != null && !Files.isRegularFile(init)) {
            throw new PairvizException("--init " + init + " does not exist");
        }
        String f = format.of(data).key;
        ModelConfig m = new ModelSpecs.Overrides(imageSize, patch, width, depth, heads, mlp, outDim, pooling, units, groups)
                .apply(Preset.of(model).config());
        Split.parse(split); // validates
        return TrainConfig.builder().setData(data).setFormat(f).setModel(m).optSplit(split).optLoss(loss)
                .optIterations(iterations).optBatch(batchClasses, batchPerClass).optLr(lr).optWeightDecay(weightDecay)
                .optSeed(seed).optCropScale(cropScale.min(), cropScale.max()).optFlip(!noFlip).optNorm(norm).optInit(init)
                .optOptimizer(optimizer).build();
    }

    /**
     * The saved run's configuration; an option given explicitly must agree with it (so the
     * command that started the run, plus --resume, resumes it).
     */
    private TrainConfig savedConfig(RunDirectory run) {
        RunDirectory.Saved saved = run.latest().orElseThrow(
                () -> new PairvizException("--resume: " + out + " holds no training run (no " + RunDirectory.LAST + ")"));
        TrainConfig savedConfig = saved.manifest().config();
        ParseResult parsed = spec.commandLine().getParseResult();
        Set<TrainConfig.Setting> given = EnumSet.noneOf(TrainConfig.Setting.class);
        RUN_OPTIONS.forEach((setting, flags) -> {
            if (flags.stream().anyMatch(parsed::hasMatchedOption)) {
                given.add(setting);
            }
        });
        if (data == null) {
            data = savedConfig.data(); // what the other options are checked against needs a dataset
        }
        return TrainConfig.resume(savedConfig, this::config, given);
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./:=,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    /** A progress bar (loss, lr, images/s, time left) on stderr; messages printed above it. */
    private static final class BarListener implements TrainListener, AutoCloseable {
        private final boolean quiet;
        private final java.io.PrintWriter err;
        private ProgressBar bar;

        BarListener(boolean quiet, java.io.PrintWriter err) {
            this.quiet = quiet;
            this.err = err;
        }

        @Override
        public void started(int from, int iterations) {
            if (!quiet) {
                bar = TerminalProgress.bar("train", iterations, "it");
                bar.stepTo(from);
            }
        }

        @Override
        public void stepped(int done, float loss, double lr, double imagesPerSecond) {
            if (bar != null) {
                bar.stepTo(done);
                bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f lr %.2e %.1f img/s", loss, lr, imagesPerSecond));
            }
        }

        @Override
        public synchronized void info(String line) {
            if (!quiet) { // informational: --quiet silences it (warnings and the stop notice stay)
                print(line);
            }
        }

        @Override
        public synchronized void stopped(int iteration) {
            print("stopped at iteration " + iteration + " (saved); --resume continues the run");
        }

        @Override
        public synchronized void warning(String line) {
            print("warning: " + line);
        }

        private void print(String line) {
            err.println(bar == null ? line : "\r" + line);
            err.flush();
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}

package pairviz.train;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.data.Dataset;
import pairviz.data.Sample;
import pairviz.gallery.DatasetEmbedder;
import pairviz.image.Preprocessing;
import pairviz.loading.CheckpointMetadata;
import pairviz.loading.EmbeddingModel;
import pairviz.util.RunSettings;
import pairviz.model.Precision;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.StateDict;

/**
 * Runs (or resumes) a training run: batches from a {@link ClassBalancedSampler}, loaded by a
 * {@link BatchLoader} one batch ahead, steps of a {@link Learner}, a checkpoint in the {@link
 * RunDirectory} every {@code checkpointEvery} iterations and at the end, and at the end the
 * retrieval metrics of the test split, recorded in the last manifest.
 */
public final class Trainer {

    /** Images per forward pass when embedding the test split. */
    static final int EVAL_BATCH = 64;
    /** Test images loaded (on all cores) at a time for the evaluation. */
    static final int EVAL_CHUNK = 4 * EVAL_BATCH;

    /**
     * How a run is executed (none of this changes the weights it produces).
     *
     * @param threads image-loading threads
     * @param checkpointEvery iterations between checkpoints (0: only the last)
     * @param command the command line, recorded in the manifests
     * @param scorer retrieval metrics of the test split; null to skip the evaluation
     * @param precision of the network's matrix products and convolutions (weights stay float32)
     */
    public record Options(int threads, int checkpointEvery, String command, RetrievalScorer scorer, Precision precision) {
        public Options {
            if (threads < 1) {
                throw BadParameterException.of("threads", "must be at least 1, not " + threads);
            }
            if (checkpointEvery < 0) {
                throw BadParameterException.of("checkpoint every", "must not be negative, not " + checkpointEvery);
            }
            precision = precision == null ? Precision.FP32 : precision;
        }

        /** Options in float32. */
        public Options(int threads, int checkpointEvery, String command, RetrievalScorer scorer) {
            this(threads, checkpointEvery, command, scorer, Precision.FP32);
        }
    }

    /**
     * What a session of training did.
     *
     * @param iteration the iteration reached (the run's total when finished)
     * @param loss the last batch's loss (NaN when no step ran)
     * @param metrics the test metrics when the run finished and was evaluated, else empty
     * @param imagesPerSecond training throughput of this session
     * @param stepSeconds mean time of one step's compute (forward, backward, update)
     */
    public record Result(int iteration, double loss, Map<String, Double> metrics, double imagesPerSecond,
            double stepSeconds) {}

    private final TrainConfig config;
    private final Dataset dataset;
    private final RunDirectory run;
    private final Options options;
    private final TrainListener listener;
    private volatile boolean stopRequested;

    public Trainer(TrainConfig config, Dataset dataset, RunDirectory run, Options options, TrainListener listener) {
        this.config = config;
        this.dataset = dataset;
        this.run = run;
        this.options = options;
        this.listener = listener;
    }

    /**
     * Asks a running {@link #start}/{@link #resume} to stop after its current step: it saves a
     * checkpoint of that iteration (from which {@link #resume} continues exactly) and returns.
     * Safe to call from any thread, e.g. a shutdown hook; it does not wait.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** Trains from the start (the run folder must not hold a run yet) up to iteration {@code stopAt}. */
    public Result start(int stopAt) {
        if (run.latest().isPresent()) {
            throw new BadParameterException(run.root() + " already holds a training run: continue it with {resume}, or choose another {out}");
        }
        return train(0, null, null, 0, stopAt);
    }

    /** Continues the run in the folder from its latest checkpoint up to iteration {@code stopAt}. */
    public Result resume(int stopAt) {
        RunDirectory.Saved saved = run.latest().orElseThrow(
                () -> new PairvizException(run.root() + " holds no training run to resume (no " + RunDirectory.LAST + ")"));
        requireSameData(saved.manifest());
        String stateName = saved.manifest().trainState();
        StateDict weights = Checkpoints.read(run.weights(saved.iteration()));
        StateDict state = stateName == null ? null : Checkpoints.read(run.root().resolve(stateName));
        if (state == null && saved.iteration() < config.iterations()) {
            throw new PairvizException(run.manifest(saved.iteration()) + " names no training state to resume from");
        }
        return train(saved.iteration(), weights, state, saved.manifest().elapsedSeconds(), stopAt);
    }

    private Result train(int from, StateDict weights, StateDict state, double elapsedBefore, int stopAt) {
        List<String> classes = new ArrayList<>(Dataset.classes(dataset.train())); // natural label order
        Map<String, Integer> index = new HashMap<>();
        for (String c : classes) {
            index.put(c, index.size());
        }
        List<Sample> train = dataset.train();
        int[] classOf = train.stream().mapToInt(s -> index.get(s.label())).toArray();
        int end = Math.min(stopAt, config.iterations());
        String source = weights != null ? run.weights(from).getFileName().toString()
                : config.init() != null ? config.init().getFileName().toString() : "random(seed " + config.seed() + ")";
        if (weights == null) {
            weights = InitialWeights.of(pairviz.model.Architecture.build(config.model()), config.init(), config.seed());
        }
        if (config.iterations() == 0) {
            return evaluateOnly(weights, source, elapsedBefore);
        }
        if (train.isEmpty()) {
            throw new PairvizException(config.dataDescription() + ": the training split is empty (split " + config.split() + ")");
        }
        ClassBalancedSampler sampler = new ClassBalancedSampler(classOf, config.batchClasses(), config.batchPerClass(), config.seed());
        listener.started(from, config.iterations());
        long startNanos = System.nanoTime();
        double stepSeconds = 0;
        long images = 0;
        float loss = Float.NaN;
        double lossSum = 0;
        int lossCount = 0;
        try (Learner learner = Learner.create(config, weights, classes.size(), from, state, source)
                        .setPrecision(options.precision());
                BatchLoader loader = new BatchLoader(train, config.augmentation(), options.threads(),
                        ClassBalancedSampler.mix(config.seed(), -1), listener::warning)) {
            CompletableFuture<BatchLoader.Loaded> next = from < end ? loader.submit(sampler.batch(from)) : null;
            for (int t = from; t < end; t++) {
                BatchLoader.Loaded batch = join(next);
                next = t + 1 < end ? loader.submit(sampler.batch(t + 1)) : null;
                long s = System.nanoTime();
                loss = learner.step(batch);
                stepSeconds += (System.nanoTime() - s) / 1e9;
                images += batch.size();
                lossSum += loss;
                lossCount++;
                double wall = (System.nanoTime() - startNanos) / 1e9;
                listener.stepped(t + 1, loss, learner.lr(t), images / wall);
                boolean last = t + 1 == config.iterations();
                boolean due = options.checkpointEvery() > 0 && (t + 1) % options.checkpointEvery() == 0;
                boolean stop = stopRequested && t + 1 < end;
                if (last || due || stop) {
                    double wallNow = (System.nanoTime() - startNanos) / 1e9;
                    Map<String, Double> metrics = last ? evaluate(learner.weights(), "iteration " + (t + 1)) : Map.of();
                    Timing timing = new Timing(elapsedBefore + wallNow, images / wallNow, stepSeconds / (t + 1 - from));
                    save(t + 1, learner.weights(), learner.trainState(), loss, lossSum / lossCount, learner.lr(t),
                            metrics, timing, loader);
                    lossSum = 0;
                    lossCount = 0;
                }
                if (stop) {
                    listener.stopped(t + 1);
                    end = t + 1;
                    break;
                }
            }
            double wall = (System.nanoTime() - startNanos) / 1e9;
            int steps = end - from;
            Map<String, Double> metrics = end == config.iterations() ? lastMetrics() : Map.of();
            return new Result(end, loss, metrics, steps == 0 ? 0 : images / wall, steps == 0 ? 0 : stepSeconds / steps);
        }
    }

    /** Elapsed time of the whole run, throughput and mean step time of this session. */
    private record Timing(double elapsedSeconds, double imagesPerSecond, double stepSeconds) {}

    private Result evaluateOnly(StateDict weights, String source, double elapsedBefore) {
        Map<String, Double> metrics = evaluate(weights, source);
        save(0, weights, null, Float.NaN, Double.NaN, Double.NaN, metrics, new Timing(elapsedBefore, 0, 0), null);
        return new Result(0, Double.NaN, metrics, 0, 0);
    }

    /** Retrieval metrics of the test split under {@code weights}; empty without a scorer or test images. */
    private Map<String, Double> evaluate(StateDict weights, String what) {
        if (options.scorer() == null) {
            listener.info("not evaluated: no retrieval metrics available");
            return Map.of();
        }
        if (dataset.test().size() < 2) {
            listener.info("not evaluated: the test split has " + dataset.test().size() + " images");
            return Map.of();
        }
        try (EmbeddingModel model = EmbeddingModel.fromWeights(config.model(), weights, what)) {
            // the one embedding path, as `pairviz embed` and `pairviz evaluate` take it
            DatasetEmbedder.Result e = new DatasetEmbedder(model, Preprocessing.authors(config.model().imageSize(),
                    config.augmentation().normalization(), Map.of()), EVAL_BATCH,
                    EVAL_CHUNK).embed(dataset.test());
            e.skipped().forEach(s -> listener.warning("skipped (left out of the evaluation): " + s));
            List<String> labels = e.samples().stream().map(Sample::label).toList();
            Map<String, Double> metrics = new LinkedHashMap<>(options.scorer().score(e.embeddings().toArray(), labels));
            listener.info("test split (" + labels.size() + " images): " + metrics);
            return metrics;
        }
    }

    private Map<String, Double> lastMetrics() {
        Map<String, Double> m = run.latest().map(s -> s.manifest().metrics()).orElse(null);
        return m != null ? m : Map.of();
    }

    private void save(int iteration, StateDict weights, StateDict state, double loss, double lossMean, double lr,
            Map<String, Double> metrics, Timing timing, BatchLoader loader) {
        Manifest m = new Manifest(iteration, config.iterations(), config.model().describe(), finite(loss),
                finite(lossMean), finite(lr), metrics.isEmpty() ? null : metrics, config, dataSummary(),
                options.command(), options.checkpointEvery(), round(timing.elapsedSeconds()),
                round(timing.imagesPerSecond()), round(timing.stepSeconds()),
                loader == null ? List.of() : List.copyOf(new TreeSet<>(loader.unreadable())), Instant.now().toString(),
                null, null);
        Map<String, String> meta = new LinkedHashMap<>(CheckpointMetadata.of(config.model()));
        meta.putAll(CheckpointMetadata.of(Preprocessing.authors(config.model().imageSize(),
                config.augmentation().normalization(), Map.of()))); // as the test split is embedded: squash, bilinear
        meta.put("iteration", Integer.toString(iteration));
        run.save(iteration, weights, meta, state, m);
        listener.info("checkpoint " + run.weights(iteration));
    }

    private Map<String, Object> dataSummary() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", dataset.name());
        d.put("train_images", dataset.train().size());
        d.put("train_classes", Dataset.classes(dataset.train()).size());
        d.put("test_images", dataset.test().size());
        d.put("test_classes", Dataset.classes(dataset.test()).size());
        d.put("missing", dataset.missing());
        d.put("train_list", list(dataset.train()));
        d.put("test_list", list(dataset.test()));
        return d;
    }

    /** The identity of a split's ordered images (path and label), which a resumed run must find again. */
    private static String list(List<Sample> samples) {
        return RunSettings.listIdentity(samples.stream().map(s -> s.id() + "\t" + s.label()).toList(), "images");
    }

    /**
     * Refuses to resume a run whose dataset lists other images than it did (added, removed,
     * renamed or relabelled), which would draw other batches; manifests from before the lists
     * were recorded are taken as they are.
     */
    private void requireSameData(Manifest saved) {
        Map<String, Object> now = dataSummary();
        List<String> differ = new ArrayList<>();
        for (String key : List.of("train_list", "test_list")) {
            Object was = saved.data() == null ? null : saved.data().get(key);
            if (was != null && !was.equals(now.get(key))) {
                differ.add("its " + key.substring(0, key.indexOf('_')) + " images (" + was + ") are now " + now.get(key));
            }
        }
        if (!differ.isEmpty()) {
            throw new BadParameterException("{resume} continues the run as it was started, but in "
                    + config.dataDescription() + " " + String.join(" and ", differ));
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static BatchLoader.Loaded join(CompletableFuture<BatchLoader.Loaded> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Where the run's checkpoints go. */
    public RunDirectory run() {
        return run;
    }

    public TrainConfig config() {
        return config;
    }

    /** The file of the latest model weights, if any. */
    public Optional<Path> latestWeights() {
        return run.latest().map(s -> run.weights(s.iteration()));
    }
}

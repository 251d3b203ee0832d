package pairviz.eval.faithfulness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import pairviz.BadParameterException;
import pairviz.data.Dataset;
import pairviz.data.DatasetFormat;
import pairviz.data.Sample;
import pairviz.data.Split;
import pairviz.data.scenes.SceneDataset;
import pairviz.explain.IntegratedGradientsSpec;
import pairviz.image.Preprocessing;
import pairviz.loading.EmbeddingModel;
import pairviz.util.ProgressListener;

/**
 * One faithfulness study, the whole of {@code pairviz faithfulness}: which pairs and triplets of
 * which images, which methods, how measured. Either a dataset ({@link Builder#setData}: same-class
 * pairs of its test images, different-class pairs as the control, and, for synthetic scenes,
 * ground truth and partner-specificity triplets) or any folder of photos ({@link Builder#setPhotos}:
 * the constructed triplets and pairs of {@link SwappedHalvesStudy}).
 *
 * <pre>{@code
 * FaithfulnessStudy study = FaithfulnessStudy.builder().setData(scenes, DatasetFormat.SCENES)
 *         .optPairs(50).optSteps(8).build();
 * FaithfulnessResult r = study.run(model, model.preprocessing(), ProgressListener.NONE, ProgressListener.NONE);
 * System.out.print(r.markdown());
 * }</pre>
 */
public final class FaithfulnessStudy {
    /** Images per forward pass unless set otherwise (the perturbed images are many and small). */
    public static final int DEFAULT_BATCH = 128;
    /** Triplets for partner specificity of a dataset unless set otherwise. */
    public static final int DEFAULT_TRIPLETS = 300;
    /** Triplets of a folder of photos unless set otherwise (each costs three images per map). */
    public static final int DEFAULT_PHOTO_TRIPLETS = 100;
    /** How scenes triplets are made, for tables. */
    public static final String SCENE_TRIPLETS = "A, B1, B2 of one class; A shares different signature objects with B1 and B2";

    private final Path data;
    private final DatasetFormat format;
    private final Path photos;
    private final SwappedHalves.Change change;
    private final int pairs;
    private final int controls;
    private final int triplets;
    private final List<Method> methods;
    private final IntegratedGradientsSpec integratedGradients;
    private final int steps;
    private final int batch;
    private final long seed;
    private final String command;

    private FaithfulnessStudy(Builder b) {
        data = b.data;
        format = b.format;
        photos = b.photos;
        change = b.change;
        pairs = b.pairs;
        controls = b.controls == null ? b.pairs : b.controls;
        triplets = b.triplets != null ? b.triplets : photos != null ? DEFAULT_PHOTO_TRIPLETS : DEFAULT_TRIPLETS;
        methods = b.methods;
        integratedGradients = b.integratedGradients;
        steps = b.steps;
        batch = b.batch;
        seed = b.seed;
        command = b.command;
    }

    /** A builder: {@link Builder#setData} or {@link Builder#setPhotos} is required, the rest optional. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Samples the pairs and triplets and measures every method on them.
     *
     * @param images told how many images went through the network for the curves (of an estimate
     *     that sharpens as chunks finish; with photos, also three images per finished triplet)
     * @param tripletsDone told how many triplets are done (datasets; photos report them as images)
     * @throws BadParameterException when the data gives nothing to measure
     */
    public FaithfulnessResult run(EmbeddingModel model, Preprocessing preprocessing, ProgressListener images,
            ProgressListener tripletsDone) {
        List<Method> chosen = (methods == null ? Method.defaults(model.config()) : methods).stream()
                .map(x -> x.withIntegratedGradients(integratedGradients)).toList();
        return photos != null ? photoStudy(model, preprocessing, chosen, images)
                : dataStudy(model, preprocessing, chosen, images, tripletsDone);
    }

    private FaithfulnessEvaluator.Settings curves() {
        return new FaithfulnessEvaluator.Settings(steps, batch, 32, 1.0 / 16, seed);
    }

    private FaithfulnessResult dataStudy(EmbeddingModel m, Preprocessing preprocessing, List<Method> chosen,
            ProgressListener images, ProgressListener tripletsDone) {
        if (!Files.isDirectory(data)) {
            throw BadParameterException.of("data", data + ": no such folder");
        }
        Dataset dataset = format.read(data, new Split(Split.Mode.CLASSES, 0));
        Dataset.requireLabels(dataset.test(), "faithfulness (pairs of one class)", data);
        Random random = new Random(seed);
        List<ImagePair> sample = new ArrayList<>(PairSampler.sameClass(dataset.test(), pairs, random));
        if (sample.isEmpty() && pairs > 0) {
            throw BadParameterException.of("data", data + ": no class has two test images, so there is no same-class pair");
        }
        if (pairs > 0) {
            sample.addAll(PairSampler.differentClass(dataset.test(), controls, random));
        }
        SceneDataset scenes = format == DatasetFormat.SCENES ? SceneDataset.open(data) : null;
        MaskSource masks = scenes != null ? new SceneMasks(scenes) : MaskSource.NONE;
        List<PartnerSpecificity.Triplet> trips = scenes == null ? List.of()
                : PartnerSpecificity.sample(scenes, dataset.test(), triplets, new Random(seed + 1));
        if (sample.isEmpty() && trips.isEmpty()) {
            throw BadParameterException.of("data", data + ": nothing to measure (no pairs, and no triplets: those need scenes)");
        }
        FaithfulnessEvaluator evaluator = new FaithfulnessEvaluator(m, preprocessing, chosen, curves());
        long start = System.nanoTime();
        AtomicLong done = new AtomicLong();
        List<PairResult> results = List.of();
        if (!sample.isEmpty()) {
            // an upper bound on the images until the first chunk shows how many the curves share
            AtomicLong estimate = new AtomicLong((long) sample.size() * (chosen.size() * 3L * (steps + 1) + 6));
            AtomicLong pairsDone = new AtomicLong();
            results = evaluator.evaluate(sample, masks, n -> images.progress(done.addAndGet(n), estimate.get()), n -> {
                long p = pairsDone.addAndGet(n);
                estimate.set(done.get() + Math.round((double) done.get() / p * (sample.size() - p)));
                images.progress(done.get(), estimate.get());
            });
            images.progress(done.get(), done.get());
        }
        List<PartnerSpecificity.Row> partner = List.of();
        if (!trips.isEmpty()) {
            PartnerSpecificity ps = new PartnerSpecificity(m, preprocessing, chosen, batch);
            AtomicLong t = new AtomicLong();
            partner = ps.summarise(ps.evaluate(scenes, trips, k -> tripletsDone.progress(t.addAndGet(k), trips.size())), seed);
            tripletsDone.progress(trips.size(), trips.size());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("command", command);
        setup.put("model", m.config().describe());
        setup.put("weights", m.source());
        setup.put("data", data.toString());
        setup.put("format", format.key);
        setup.put("steps", steps);
        setup.put("integrated_gradients", integratedGradients.toJson());
        setup.put("seed", seed);
        setup.put("blurSigma", "input side / 16");
        setup.put("minReference", Curves.MIN_REFERENCE);
        setup.put("methods", Method.ids(chosen));
        setup.put("images", done.get());
        setup.put("seconds", Math.round(seconds * 10) / 10.0);
        FaithfulnessReport report = FaithfulnessReport.of(results, chosen, setup, seed);
        String summary = String.format(Locale.ROOT, "%d pairs, %d triplets, %d images through the network for the curves in %.1f s",
                sample.size(), trips.size(), done.get(), seconds);
        return new FaithfulnessResult(report, partner, trips.size(), SCENE_TRIPLETS, summary);
    }

    private FaithfulnessResult photoStudy(EmbeddingModel m, Preprocessing preprocessing, List<Method> chosen,
            ProgressListener images) {
        List<Sample> list = SwappedHalves.photos(photos);
        var settings = new SwappedHalvesStudy.Settings(triplets, pairs, controls, change, curves());
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("command", command);
        setup.put("model", m.config().describe());
        setup.put("weights", m.source());
        setup.put("photos", photos.toString());
        setup.put("count", list.size());
        setup.put("change", change.id());
        setup.put("steps", steps);
        setup.put("integrated_gradients", integratedGradients.toJson());
        setup.put("seed", seed);
        setup.put("methods", Method.ids(chosen));
        long start = System.nanoTime();
        long total = (long) triplets * 3 + (long) (pairs + controls) * 2;
        AtomicLong done = new AtomicLong();
        SwappedHalvesStudy.Result r = SwappedHalvesStudy.run(m, preprocessing, chosen, list, settings, setup,
                n -> images.progress(done.addAndGet(n), total), k -> images.progress(done.addAndGet(3L * k), total));
        images.progress(total, total);
        String summary = String.format(Locale.ROOT, "%d photos, %d pairs, %d controls, %d triplets (change: %s) in %.1f s",
                list.size(), pairs, controls, r.triplets(), change.id(), (System.nanoTime() - start) / 1e9);
        return new FaithfulnessResult(r.report(), r.partner(), r.triplets(), SwappedHalves.DESCRIPTION, summary);
    }

    /** The settings of a {@link FaithfulnessStudy}: setX required (one of data or photos), optX optional. */
    public static final class Builder {
        private Path data;
        private DatasetFormat format;
        private Path photos;
        private SwappedHalves.Change change = SwappedHalves.Change.NONE;
        private int pairs = 500;
        private Integer controls;
        private Integer triplets;
        private List<Method> methods;
        private IntegratedGradientsSpec integratedGradients = IntegratedGradientsSpec.DEFAULT;
        private int steps = 16;
        private int batch = DEFAULT_BATCH;
        private long seed;
        private String command = "";

        private Builder() {}

        /** Pairs and triplets from the test images of the dataset at {@code data}, read as {@code format}. */
        public Builder setData(Path data, DatasetFormat format) {
            this.data = data;
            this.format = format;
            return this;
        }

        /** Constructed pairs and triplets from any folder of photos ({@link SwappedHalves}). */
        public Builder setPhotos(Path photos) {
            this.photos = photos;
            return this;
        }

        /** With photos: what is done to A's half in B. Default: none. */
        public Builder optChange(SwappedHalves.Change change) {
            this.change = change;
            return this;
        }

        /** Same-class pairs (photos: constructed pairs). Default: 500. */
        public Builder optPairs(int pairs) {
            this.pairs = pairs;
            return this;
        }

        /** Different-class pairs, the control. Default: as many as the pairs. */
        public Builder optControls(int controls) {
            this.controls = controls;
            return this;
        }

        /** Triplets for partner specificity. Default: {@value #DEFAULT_TRIPLETS}, photos {@value #DEFAULT_PHOTO_TRIPLETS}. */
        public Builder optTriplets(int triplets) {
            this.triplets = triplets;
            return this;
        }

        /** The methods measured. Default: every one that fits the network ({@link Method#defaults}). */
        public Builder optMethods(List<Method> methods) {
            this.methods = methods == null ? null : List.copyOf(methods);
            return this;
        }

        /** Integrated gradients' steps and baseline. Default: {@link IntegratedGradientsSpec#DEFAULT}. */
        public Builder optIntegratedGradients(IntegratedGradientsSpec spec) {
            this.integratedGradients = spec;
            return this;
        }

        /** Perturbation steps per curve. Default: 16. */
        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /** Images per forward pass. Default: {@value #DEFAULT_BATCH}. */
        public Builder optBatchSize(int batch) {
            this.batch = batch;
            return this;
        }

        /** Seeds the pairs, the random maps, tie order and the bootstrap. Default: 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The command that asked for the study, recorded in the report. Default: none. */
        public Builder optCommand(String command) {
            this.command = command;
            return this;
        }

        /**
         * The study.
         *
         * @throws BadParameterException naming a setting out of range, or when neither or both of
         *     data and photos are set
         */
        public FaithfulnessStudy build() {
            if ((data == null) == (photos == null)) {
                throw new BadParameterException("give {data} (a dataset) or {photos} (any folder of photos), one of them");
            }
            if (data != null && format == null) {
                throw BadParameterException.of("format", "is required with {data}");
            }
            if (pairs < 0) {
                throw BadParameterException.of("pairs", "must be 0 or more, not " + pairs);
            }
            if (triplets != null && triplets < 0) {
                throw BadParameterException.of("triplets", "must be 0 or more, not " + triplets);
            }
            if (controls != null && controls < 0) {
                throw BadParameterException.of("control", "must be 0 or more, not " + controls);
            }
            if (steps < 1) {
                throw BadParameterException.of("steps", "must be at least 1, not " + steps);
            }
            if (batch < 1) {
                throw BadParameterException.of("batch", "must be at least 1, not " + batch);
            }
            if (change == null || integratedGradients == null || command == null) {
                throw new IllegalArgumentException("change, integrated gradients and command must not be null");
            }
            return new FaithfulnessStudy(this);
        }
    }
}

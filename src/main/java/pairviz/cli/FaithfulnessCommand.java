package pairviz.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import pairviz.eval.faithfulness.PartnerSpecificity;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.data.Dataset;
import pairviz.data.DatasetFormat;
import pairviz.data.Split;
import pairviz.data.scenes.SceneDataset;
import pairviz.eval.faithfulness.FaithfulnessEvaluator;
import pairviz.eval.faithfulness.FaithfulnessReport;
import pairviz.eval.faithfulness.ImagePair;
import pairviz.eval.faithfulness.MaskSource;
import pairviz.eval.faithfulness.Method;
import pairviz.eval.faithfulness.PairResult;
import pairviz.eval.faithfulness.PairSampler;
import pairviz.eval.faithfulness.SceneMasks;
import pairviz.eval.faithfulness.SwappedHalves;
import pairviz.eval.faithfulness.SwappedHalvesStudy;
import pairviz.explain.Baseline;
import pairviz.explain.IntegratedGradientsSpec;
import pairviz.image.Preprocessing;
import pairviz.loading.EmbeddingModel;
import pairviz.render.LineChart;
import pairviz.render.Pictures;
import pairviz.util.AtomicFiles;
import pairviz.util.JsonFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pairviz faithfulness}: how faithful each kind of map is, measured on random pairs of a
 * dataset by deletion, insertion, ground truth (synthetic scenes) and completeness.
 */
@Command(
        name = "faithfulness",
        mixinStandardHelpOptions = true,
        description = {
            "Measures how faithful similarity maps are. Samples same-class pairs (and as many",
            "different-class pairs as a control) and scores the map of A of every method on each:",
            "  deletion      replace A's patches, highest first, by the mean colour (or the blurred",
            "                image); area under the similarity curve / steps / start (lower is better)",
            "  insertion     restore them onto the blurred image; area likewise (higher is better)",
            "  ground truth  (scenes only) share of the positive mass on the signature objects both",
            "                images show, pointing game, ROC-AUC of the map as their detector",
            "  completeness  |sum of the map - the score|",
            "  partner       (scenes only) triplets A, B1, B2 of one class where A shares different",
            "                signature objects with B1 and B2: the share where the map of A given B1",
            "                puts more of its mass on what A shares only with B1 than the map given B2",
            "                (and less on what it shares only with B2); 0.5 for a map that ignores the",
            "                partner; with the correlation of the two maps",
            "Prints a table of means with 95%% bootstrap intervals; --out also writes it with a",
            "figure of the mean curves. Here --batch defaults to 128 images per forward pass.",
            ""
        })
public final class FaithfulnessCommand extends PairvizCommand {
    /** Images per forward pass unless --batch says otherwise. */
    static final int DEFAULT_BATCH = 128;
    /** Triplets for partner specificity unless --triplets says otherwise. */
    static final int DEFAULT_TRIPLETS = 300;
    /** Triplets for --photos unless --triplets says otherwise (each costs three images per map). */
    static final int DEFAULT_PHOTO_TRIPLETS = 100;

    @Mixin
    ModelMixin model;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Dataset folder (scenes give ground truth). Pairs come from its test images; a dataset that is not split is used whole.")
    Path data;

    @Option(names = "--photos", paramLabel = "DIR",
            description = {"Instead of --data: any folder of photos (any depth, no classes). Partner specificity by",
                "construction: B1 = A's top half over another photo's bottom half, B2 = a third photo's top over A's",
                "bottom (alternately left/right); the maps of A should follow the half each B shares. The pairs",
                "(A, B1), (A, B2) give deletion, insertion and ground truth (the shared half); (A, C) the control."})
    Path photos;

    @Option(names = "--change", defaultValue = "none", paramLabel = "C", converter = ChangeConverter.class,
            description = "With --photos: what is done to A's half in B: none, shift, blur or gamma. Default: ${DEFAULT-VALUE}.")
    SwappedHalves.Change change;

    @Mixin
    FormatMixin format;

    @Option(names = "--pairs", defaultValue = "500", paramLabel = "N", description = "Same-class pairs. Default: ${DEFAULT-VALUE}.")
    int pairs;

    @Option(names = "--triplets", defaultValue = "" + DEFAULT_TRIPLETS, paramLabel = "N",
            description = "Triplets for partner specificity (scenes only; 0 for none). Default: ${DEFAULT-VALUE}.")
    int triplets;

    @Option(names = "--control", paramLabel = "M",
            description = "Different-class pairs, the control (0 for none). Default: as many as --pairs.")
    Integer control;

    @Option(names = "--methods", paramLabel = "LIST",
            description = "Comma-separated: reference and conservative (each also as /min or /max for another head"
                    + " fusion), none, grad-rollout, grad-input, integrated-gradients, rollout, uniform, random."
                    + " The head fusions, grad-rollout and rollout need a transformer. Default: all that fit the network.")
    String methods;

    @Option(names = "--steps", defaultValue = "16", paramLabel = "K",
            description = "Perturbation steps per curve (patches per step = patches / K). Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--ig-steps", defaultValue = "" + IntegratedGradientsSpec.DEFAULT_STEPS, paramLabel = "N",
            description = "Integrated gradients' path steps (explain's --steps). Default: ${DEFAULT-VALUE}.")
    int igSteps;

    @Option(names = "--ig-baseline", defaultValue = "black", paramLabel = "B", converter = Converters.BaselineConverter.class,
            description = "Integrated gradients' baseline (explain's --baseline): black, mean or blur. Default: ${DEFAULT-VALUE}.")
    Baseline igBaseline;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seeds the pairs, the random maps, tie order and the bootstrap. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write DIR/faithfulness.md, DIR/faithfulness.json and DIR/curves.png.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (pairs < 0 || triplets < 0) {
            throw new PairvizException("--pairs and --triplets must be 0 or more");
        }
        if (steps < 1) {
            throw new PairvizException("--steps must be at least 1, not " + steps);
        }
        int controls = control == null ? pairs : control;
        if (controls < 0) {
            throw new PairvizException("--control must be 0 or more, not " + controls);
        }
        if ((data == null) == (photos == null)) {
            throw new PairvizException("give --data (a dataset) or --photos (any folder of photos), one of them");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--change") && photos == null) {
            throw new PairvizException("--change applies to --photos: leave it out");
        }
        if (photos != null) {
            return photoStudy(controls);
        }
        if (!Files.isDirectory(data)) {
            throw new PairvizException("--data " + data + ": no such folder");
        }
        IntegratedGradientsSpec ig = new IntegratedGradientsSpec(igSteps, igBaseline);
        Study study = new Study(data, format.of(data), pairs, controls, triplets, methods, ig, steps, batch(), seed,
                "pairviz " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        try (EmbeddingModel m = model.load()) {
            // the tables go to stderr when standard output carries the JSON
            write(study.run(m, m.preprocessing(), AtomicFiles.isStdout(json) ? spec.commandLine().getErr()
                    : spec.commandLine().getOut()), json, out);
        }
        return 0;
    }

    /** The study of a folder of photos by construction ({@link SwappedHalvesStudy}). */
    private int photoStudy(int controls) {
        List<pairviz.data.Sample> list = SwappedHalves.photos(photos);
        int trips = spec.commandLine().getParseResult().hasMatchedOption("--triplets") ? triplets : DEFAULT_PHOTO_TRIPLETS;
        var curves = new FaithfulnessEvaluator.Settings(steps, batch(), 32, 1.0 / 16, seed);
        var settings = new SwappedHalvesStudy.Settings(trips, pairs, controls, change, curves);
        try (EmbeddingModel m = model.load()) {
            List<Method> chosen = (methods == null ? Method.defaults(m.config()) : Method.parseList(methods)).stream()
                    .map(x -> x.withIntegratedGradients(new IntegratedGradientsSpec(igSteps, igBaseline))).toList();
            Map<String, Object> setup = new LinkedHashMap<>();
            setup.put("command", "pairviz " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
            setup.put("model", m.config().describe());
            setup.put("weights", m.source());
            setup.put("photos", photos.toString());
            setup.put("count", list.size());
            setup.put("change", change.id());
            setup.put("steps", steps);
            setup.put("integrated_gradients", new IntegratedGradientsSpec(igSteps, igBaseline).toJson());
            setup.put("seed", seed);
            setup.put("methods", Method.ids(chosen));
            long start = System.nanoTime();
            SwappedHalvesStudy.Result r;
            try (ProgressBar bar = Progress.bar("faithfulness", (long) trips * 3 + (long) (pairs + controls) * 2, "images")) {
                r = SwappedHalvesStudy.run(m, m.preprocessing(), chosen, list, settings, setup, bar::stepBy,
                        k -> bar.stepBy(3L * k));
            }
            PrintWriter stdout = spec.commandLine().getOut();
            if (!r.report().groups().isEmpty()) {
                stdout.print(r.report().markdown());
            }
            if (!r.partner().isEmpty()) {
                stdout.print("\n" + PartnerSpecificity.markdown(r.partner(), r.triplets(), SwappedHalves.DESCRIPTION));
            }
            stdout.printf(Locale.ROOT, "%d photos, %d pairs, %d controls, %d triplets (change: %s) in %.1f s%n", list.size(),
                    pairs, controls, r.triplets(), change.id(), (System.nanoTime() - start) / 1e9);
            stdout.flush();
            write(new Result(r.report(), r.partner(), r.triplets(), SwappedHalves.DESCRIPTION), json, out);
        }
        return 0;
    }

    /** {@code --change}: {@link SwappedHalves.Change#parse}. */
    static final class ChangeConverter extends Converters.Parsing<SwappedHalves.Change> {
        ChangeConverter() {
            super(SwappedHalves.Change::parse);
        }
    }

    /**
     * What a study measured: the curves' report and the partner-specificity rows of its triplets,
     * described by {@code what} in the tables.
     */
    record Result(FaithfulnessReport report, List<PartnerSpecificity.Row> partner, int triplets, String what) {
        /** The result of a study of scenes triplets. */
        Result(FaithfulnessReport report, List<PartnerSpecificity.Row> partner, int triplets) {
            this(report, partner, triplets, SCENE_TRIPLETS);
        }
    }

    /** How scenes triplets are made, for tables. */
    static final String SCENE_TRIPLETS = "A, B1, B2 of one class; A shares different signature objects with B1 and B2";

    /**
     * One faithfulness study: which pairs and triplets of which data, which methods, how measured.
     *
     * @param methods comma-separated method ids; null for every one that fits the network
     * @param command the command line, recorded in the report
     */
    record Study(Path data, DatasetFormat format, int pairs, int controls, int triplets, String methods,
            IntegratedGradientsSpec integratedGradients, int steps, int batch, long seed, String command) {

        /** Samples the pairs and triplets, measures every method on them and prints the tables to {@code stdout}. */
        Result run(EmbeddingModel m, Preprocessing preprocessing, PrintWriter stdout) {
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
            List<Method> chosen = (methods == null ? Method.defaults(m.config()) : Method.parseList(methods)).stream()
                    .map(x -> x.withIntegratedGradients(integratedGradients)).toList();
            var settings = new FaithfulnessEvaluator.Settings(steps, batch, 32, 1.0 / 16, seed);
            FaithfulnessEvaluator evaluator = new FaithfulnessEvaluator(m, preprocessing, chosen, settings);
            long start = System.nanoTime();
            AtomicLong images = new AtomicLong();
            List<PairResult> results = List.of();
            // an upper bound on the images until the first chunk shows how many the curves share
            long estimate = (long) sample.size() * (chosen.size() * 3L * (steps + 1) + 6);
            if (!sample.isEmpty()) {
                try (ProgressBar bar = Progress.bar("faithfulness", estimate, "images")) {
                    AtomicLong pairsDone = new AtomicLong();
                    results = evaluator.evaluate(sample, masks, n -> {
                        images.addAndGet(n);
                        bar.stepBy(n);
                    }, n -> {
                        long done = pairsDone.addAndGet(n);
                        bar.maxHint(images.get() + Math.round((double) images.get() / done * (sample.size() - done)));
                    });
                }
            }
            List<PartnerSpecificity.Row> partner = List.of();
            if (!trips.isEmpty()) {
                PartnerSpecificity ps = new PartnerSpecificity(m, preprocessing, chosen, batch);
                try (ProgressBar bar = Progress.bar("partner", trips.size(), "triplets")) {
                    partner = ps.summarise(ps.evaluate(scenes, trips, bar::stepBy), seed);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            FaithfulnessReport report = FaithfulnessReport.of(results, chosen, setup(m, chosen, images.get(), seconds), seed);
            if (!results.isEmpty()) {
                stdout.print(report.markdown());
            }
            if (!partner.isEmpty()) {
                stdout.print("\n" + PartnerSpecificity.markdown(partner, trips.size()));
            }
            stdout.printf(Locale.ROOT, "%d pairs, %d triplets, %d images through the network for the curves in %.1f s%n",
                    sample.size(), trips.size(), images.get(), seconds);
            stdout.flush();
            return new Result(report, partner, trips.size());
        }

        private Map<String, Object> setup(EmbeddingModel m, List<Method> chosen, long images, double seconds) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("command", command);
            s.put("model", m.config().describe());
            s.put("weights", m.source());
            s.put("data", data.toString());
            s.put("format", format.key);
            s.put("steps", steps);
            s.put("integrated_gradients", integratedGradients.toJson());
            s.put("seed", seed);
            s.put("blurSigma", "input side / 16");
            s.put("minReference", pairviz.eval.faithfulness.Curves.MIN_REFERENCE);
            s.put("methods", Method.ids(chosen));
            s.put("images", images);
            s.put("seconds", Math.round(seconds * 10) / 10.0);
            return s;
        }
    }

    /** Images per forward pass: --batch if given, else {@value #DEFAULT_BATCH} (the perturbed images are many and small). */
    private int batch() {
        return spec.commandLine().getParseResult().hasMatchedOption("--batch") ? model.batch : DEFAULT_BATCH;
    }

    /**
     * Writes a study's result as JSON to {@code json} and, into {@code out}, as faithfulness.md,
     * faithfulness.json and curves.png (each if not null).
     */
    static void write(Result result, Path json, Path out) {
        FaithfulnessReport report = result.report();
        List<PartnerSpecificity.Row> partner = result.partner();
        int trips = result.triplets();
        Map<String, Object> tree = report.toJson();
        if (!partner.isEmpty()) {
            tree.put("partner", Map.of("triplets", trips, "methods", PartnerSpecificity.toJson(partner)));
        }
        if (json != null) {
            JsonFiles.write(json, tree);
        }
        if (out == null) {
            return;
        }
        AtomicFiles.writeString(out.resolve("faithfulness.md"), (report.groups().isEmpty() ? "" : report.markdown())
                + (partner.isEmpty() ? "" : "\n" + PartnerSpecificity.markdown(partner, trips, result.what())));
        JsonFiles.write(out.resolve("faithfulness.json"), tree);
        if (report.groups().isEmpty()) {
            return;
        }
        FaithfulnessReport.Group g = report.groups().get(0);
        List<LineChart.Panel> panels = List.of(
                panel(g, "deletion (mean colour)", "fraction of patches replaced", r -> r.deletion()),
                panel(g, "deletion (blur)", "fraction of patches blurred", r -> r.deletionBlur()),
                panel(g, "insertion (onto blur)", "fraction of patches restored", r -> r.insertion()));
        Pictures.writePng(LineChart.draw("mean curves, " + g.name() + " pairs (similarity / unperturbed similarity)",
                panels), out.resolve("curves.png"));
    }

    private static LineChart.Panel panel(FaithfulnessReport.Group g, String title, String x,
            java.util.function.Function<FaithfulnessReport.Row, double[]> curve) {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (FaithfulnessReport.Row r : g.rows()) {
            series.put(r.method(), curve.apply(r));
        }
        return new LineChart.Panel(title, x, "sim", series);
    }
}

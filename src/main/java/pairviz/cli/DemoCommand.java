package pairviz.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import pairviz.data.DatasetFormat;
import pairviz.data.Sample;
import pairviz.data.Split;
import pairviz.data.Subset;
import pairviz.data.scenes.SceneDataset;
import pairviz.data.scenes.SceneSpec;
import pairviz.data.scenes.SceneWriter;
import pairviz.gallery.Gallery;
import pairviz.eval.Retrieval;
import pairviz.eval.RetrievalMetrics;
import pairviz.eval.faithfulness.FaithfulnessResult;
import pairviz.eval.faithfulness.FaithfulnessStudy;
import pairviz.eval.faithfulness.Method;
import pairviz.explain.ClassMapExplainer;
import pairviz.explain.ExplainOptions;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.figures.ClassMapFigure;
import pairviz.figures.ComparisonFigure;
import pairviz.figures.EvolutionFigure;
import pairviz.figures.FaithfulnessFiles;
import pairviz.figures.Panels;
import pairviz.figures.PoseSimilarity;
import pairviz.figures.QueryMatches;
import pairviz.figures.RetrievalFigure;
import pairviz.figures.SimilarityMatrix;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.loading.WeightLoader;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.render.Colormap;
import pairviz.render.Pictures;
import pairviz.report.HtmlReport;
import pairviz.report.Report;
import pairviz.train.Checkpoint;
import pairviz.session.ExplainSession;
import pairviz.util.JsonFiles;
import pairviz.util.TerminalProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pairviz demo}: the main job for a newcomer. Makes a fresh set of synthetic scenes (classes
 * the shipped models never saw), evaluates each shipped model on it, draws the paper's figures
 * with the library classes that the figure commands use (each model loaded once), and gathers
 * everything into one HTML report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Evaluates the shipped models on fresh synthetic scenes, draws the paper's figures and writes a report.")
public final class DemoCommand extends PairvizCommand {
    @Option(names = "--out", defaultValue = "pairviz-demo", paramLabel = "DIR", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--models", paramLabel = "DIR", description = "Folder of the shipped models. Default: models/ beside the launcher.")
    Path models;

    @Option(names = "--seed", defaultValue = "2026", description = "Seed of the demo scenes (unseen in training). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--classes", defaultValue = "12", description = "Classes in the demo scenes. Default: ${DEFAULT-VALUE}.")
    int classes;

    @Option(names = "--per-class", defaultValue = "6", description = "Images per class. Default: ${DEFAULT-VALUE}.")
    int perClass;

    @Option(names = "--faithfulness-pairs", defaultValue = "20",
            description = "Same-class pairs of the faithfulness study in the report. Default: ${DEFAULT-VALUE}.")
    int faithPairs;

    /** A model shown in the demo: a short name and its weights file. */
    record Shown(String name, Path weights, String label) {}

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(out);
        List<Shown> shown = models();
        List<Report.Section> sections = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        Path scenes = null;
        for (Shown s : shown) {
            int size;
            try (EmbeddingModel m = EmbeddingModel.load(s.weights(), ModelOptions.auto())) {
                size = m.config().imageSize();
                scenes = scenes(size);
                out().printf("%s: %s%n", s.label(), m.config().describe());
                Gallery g = GalleryMixin.embed(Subset.ALL.read(scenes, null, SPLIT), m, m.preprocessing(),
                        NetworkMixin.DEFAULT_BATCH, err());
                RetrievalMetrics r = Retrieval.evaluate(g.embeddings(), g.samples().stream().map(Sample::label).toList(),
                        1, 2, 4);
                rows.add(List.of(s.label(), fmt(r.precisionAt1()), fmt(r.recallAt(4)), fmt(r.mapAtR()),
                        fmt(r.rPrecision()), Integer.toString(r.queries())));
                out().printf("  Recall@1 %.3f  MAP@R %.3f on %d unseen-class scenes%n", r.precisionAt1(), r.mapAtR(), r.queries());
            }
        }
        sections.add(new Report.Section("Retrieval on unseen classes",
                String.format(Locale.ROOT, "%d fresh synthetic scene classes (seed %d), %d images each; every image queries all the others.",
                        classes, seed, perClass),
                List.of(new Report.Table("Recall@K and MAP@R as pytorch-metric-learning defines them (cosine similarity, exact search)",
                        List.of("model", "Recall@1", "Recall@4", "MAP@R", "R-precision", "queries"), rows)),
                List.of()));
        sections.addAll(figures(shown, scenes));
        Report report = new Report("pairviz demo",
                "Paired similarity maps (Black et al., WACV 2022) of the models shipped in models/, on synthetic scenes whose "
                        + "classes they never saw in training. Each class owns a few signature objects; the maps should light up "
                        + "the objects two images share. Maps are drawn in pairviz's default mode (auto: gradient-weighted rollout toward "
                        + "the partner for a transformer, the decomposition for a CNN), which the faithfulness study favours; "
                        + "add --mode reference to a command for the paper's own mode.",
                sections);
        HtmlReport.save(report, out);
        Path page = out.resolve("report.html");
        HtmlReport.write(report, out, page);
        out().println("report: " + page.toAbsolutePath().normalize());
        return 0;
    }

    /**
     * The demo's map settings: the commands' defaults (mode auto: gradient-weighted rollout toward the
     * partner for a transformer, the decomposition for a CNN), as the report's introduction says.
     */
    static final ExplainOptions OPTIONS = ExplainOptions.DEFAULT;

    /** A shipped model loaded once for every figure, with its embedder in {@link #OPTIONS}. */
    private record Loaded(Shown shown, EmbeddingModel model, ImageEmbedder embedder) implements AutoCloseable {
        static Loaded of(Shown s) {
            EmbeddingModel m = EmbeddingModel.load(s.weights(), ModelOptions.auto());
            return new Loaded(s, m, DemoCommand.embedder(m));
        }

        String name() {
            return Panels.modelName(shown.weights());
        }

        @Override
        public void close() {
            model.close();
        }
    }

    private static ImageEmbedder embedder(EmbeddingModel m) {
        return ExplainSession.embedder(m, OPTIONS, NetworkMixin.DEFAULT_BATCH, 0);
    }

    /** The figures, each drawn by the library classes the figure's command uses, with the commands' defaults. */
    private List<Report.Section> figures(List<Shown> shown, Path scenes) {
        List<Loaded> loaded = new ArrayList<>();
        try {
            shown.forEach(s -> loaded.add(Loaded.of(s)));
            return drawFigures(loaded, scenes);
        } finally {
            loaded.forEach(Loaded::close);
        }
    }

    private List<Report.Section> drawFigures(List<Loaded> models, Path scenes) {
        Loaded first = models.get(0);
        Loaded second = models.size() > 1 ? models.get(1) : null;
        PairExplainer explainer = new PairExplainer(OPTIONS);
        Path a = scene(scenes, 0, 0);
        Path b = scene(scenes, 0, 1);
        Path c = scene(scenes, 1, 0);
        List<Report.Figure> pairFigures = new ArrayList<>();
        for (Loaded m : models) {
            Path dir = out.resolve(m.shown().name());
            PairPictures painter = new PairPictures(m.embedder(), Colormap.JET, false, OutputNames.of(List.of(a, b, c)), 0);
            PairExplanation same = explainer.explain(m.embedder().features(a), m.embedder().features(b));
            painter.write(a, b, same, dir);
            JsonFiles.write(dir.resolve("pair.json"), same.toJson(a, b, m.model()));
            painter.write(a, c, explainer.explain(m.embedder().features(a), m.embedder().features(c)), dir);
            pairFigures.add(new Report.Figure(m.shown().name() + "/class0-0_class0-1_pair.png", m.shown().label() + ": two images of one class"));
            pairFigures.add(new Report.Figure(m.shown().name() + "/class0-0_class1-0_pair.png", m.shown().label() + ": images of two different classes"));
        }
        List<Report.Section> sections = new ArrayList<>();
        sections.add(new Report.Section("Paired similarity maps", "A | B is where A is similar to B; B | A the converse.",
                List.of(), pairFigures));
        List<Path> matrixImages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            matrixImages.add(scene(scenes, i < 3 ? 0 : i - 2, i < 3 ? i : 0));
        }
        SimilarityMatrix matrix = SimilarityMatrix.of(matrixImages, first.embedder(), explainer);
        Pictures.writePng(matrix.draw(first.embedder(), Colormap.JET, PanelMixin.DEFAULT), out.resolve("matrix.png"));
        sections.add(new Report.Section("Similarity matrix (paper figure 1)",
                "Row i, column j: the map of image i given image j. The first three images share a class.", List.of(),
                List.of(new Report.Figure("matrix.png", first.shown().label() + ": maps of every image with respect to every other"))));

        List<Sample> gallery = Subset.ALL.read(scenes.resolve("images"), null, SPLIT);
        // the gallery's own file, so that the figures leave the query out of its matches
        Path query = scenes.resolve("images").resolve("0").resolve("0.png");
        List<QueryMatches> rows = new ArrayList<>();
        Gallery firstGallery = null;
        for (Loaded m : second != null ? List.of(first, second) : List.of(first)) {
            Gallery g = GalleryMixin.embed(gallery, m.model(), m.model().preprocessing(), NetworkMixin.DEFAULT_BATCH, err());
            firstGallery = firstGallery == null ? g : firstGallery;
            rows.add(QueryMatches.of(m.name(), query, g.labelOf(query, "0"), g, m.embedder(), explainer, 4));
        }
        Pictures.writePng(new RetrievalFigure(query, "0", rows).draw(Colormap.JET, PanelMixin.DEFAULT), out.resolve("retrieve.png"));
        ClassMapFigure classMap = ClassMapFigure.of(query, firstGallery.labelOf(query, "0"), firstGallery, first.embedder(),
                new ClassMapExplainer(OPTIONS), 3);
        Pictures.writePng(classMap.draw(Colormap.JET, PanelMixin.DEFAULT), out.resolve("classmap.png"));
        sections.add(new Report.Section("Retrieval and class maps (paper figures 9 and 5)",
                "Top matches of a query among the demo scenes, green when of the query's class, red otherwise; then the "
                        + "query's class similarity maps.",
                List.of(), List.of(
                        new Report.Figure("retrieve.png", "top matches and their maps"
                                + (second != null ? " (" + first.shown().label() + " above, " + second.shown().label() + " below)" : "")),
                        new Report.Figure("classmap.png", first.shown().label() + ": class similarity maps of the query"))));

        evolution(first.shown(), query, gallery).ifPresent(sections::add);

        if (second != null) {
            List<Path[]> pair = List.<Path[]>of(new Path[] {a, b});
            ComparisonFigure compare = new ComparisonFigure(pair, List.of(
                    ComparisonFigure.ModelMaps.of(first.name(), pair, first.embedder(), explainer,
                            first.model().config() instanceof VitConfig),
                    ComparisonFigure.ModelMaps.of(second.name(), pair, second.embedder(), explainer, false)));
            Pictures.writePng(compare.draw(Colormap.JET, PanelMixin.DEFAULT), out.resolve("compare.png"));
            sections.add(new Report.Section("Two networks, and rollout alone (paper figures 7 and 8)",
                    "The same pair under " + first.shown().label() + " and " + second.shown().label() + ", and beside them the "
                            + "output-agnostic rollout maps of the transformer, which ignore the other image.",
                    List.of(), List.of(new Report.Figure("compare.png", first.shown().label() + " vs " + second.shown().label()))));
        }
        List<Sample> scenesAll = Subset.ALL.read(scenes, null, SPLIT);
        PoseSimilarity.HistogramCache histograms = new PoseSimilarity.HistogramCache(
                PoseSimilarity.Segmentations.scenes(SceneDataset.open(scenes)));
        List<PoseSimilarity.Curve> curves = new ArrayList<>();
        for (Loaded m : second != null ? List.of(first, second) : List.of(first)) {
            Gallery g = GalleryMixin.embed(scenesAll, m.model(), m.model().preprocessing(), NetworkMixin.DEFAULT_BATCH, err());
            curves.add(PoseSimilarity.curve(m.name(), g, histograms, Integer.MAX_VALUE, 5));
        }
        Pictures.writePng(new PoseSimilarity(5, curves).draw(), out.resolve("pose.png"));
        sections.add(new Report.Section("Pose similarity (paper figure 10)",
                "For each query, the dot product of its histogram of semantic classes (object shapes) with that of each "
                        + "of its top matches, averaged over queries.",
                List.of(), List.of(new Report.Figure("pose.png", "pose similarity of the top matches"))));

        Path faith = out.resolve("faithfulness");
        // 8 steps and a quarter as many different-class pairs: the patch-4 ViT reads 256 tokens an image
        FaithfulnessStudy study = FaithfulnessStudy.builder().setData(scenes, DatasetFormat.SCENES).optPairs(faithPairs)
                .optControls(Math.max(1, faithPairs / 4)).optTriplets(faithPairs)
                .optMethods(Method.parseList("reference,conservative,grad-rollout,integrated-gradients,rollout,uniform"))
                .optSteps(8).optCommand("pairviz demo").build();
        FaithfulnessResult result;
        try (TerminalProgress images = new TerminalProgress("faithfulness", "images");
                TerminalProgress trips = new TerminalProgress("partner", "triplets")) {
            result = study.run(first.model(), first.model().preprocessing(), images, trips);
        }
        out().print(result.markdown());
        out().println(result.summary());
        FaithfulnessFiles.write(result, null, faith);
        sections.add(new Report.Section("Faithfulness",
                "Deletion (lower is better) and insertion (higher is better) curves of each kind of map on "
                        + faithPairs + " same-class pairs; the full table, with partner specificity on as many "
                        + "triplets, is in faithfulness/faithfulness.md.",
                List.of(), List.of(new Report.Figure("faithfulness/curves.png", first.shown().label() + ": mean curves"))));
        return sections;
    }

    /**
     * Paper figure 6 from the shipped training history of the first model ({@code
     * models/<name>-history/iter-*.safetensors}, then the model itself), when it ships one.
     */
    private Optional<Report.Section> evolution(Shown model, Path query, List<Sample> gallery) {
        Path history = model.weights().resolveSibling(
                model.weights().getFileName().toString().replace(".safetensors", "-history"));
        if (!Files.isDirectory(history)) {
            return Optional.empty();
        }
        // the folder's checkpoints (optimizer states left out), then the model; one in memory at a time
        List<EvolutionFigure.Step> steps = new ArrayList<>();
        for (Checkpoint c : Checkpoint.list(List.of(history, model.weights()))) {
            try (EmbeddingModel m = EmbeddingModel.load(c.weights(), ModelOptions.auto())) {
                ImageEmbedder embedder = embedder(m);
                Gallery g = GalleryMixin.embed(gallery, m, m.preprocessing(), NetworkMixin.DEFAULT_BATCH, err());
                steps.add(new EvolutionFigure.Step(c.weights(), c.iteration(), QueryMatches.of(
                        EvolutionFigure.Step.name(c.weights(), c.iteration()), query, g.labelOf(query, "0"), g, embedder,
                        new PairExplainer(OPTIONS), 3)));
            }
        }
        Pictures.writePng(new EvolutionFigure(query, "0", steps).draw(Colormap.JET, PanelMixin.DEFAULT),
                out.resolve("evolution.png"));
        return Optional.of(new Report.Section("Along training (paper figure 6)",
                "The query's top matches and their maps at checkpoints of the run that trained the " + model.label()
                        + ", from early in training to the shipped model.",
                List.of(), List.of(new Report.Figure("evolution.png", model.label() + ": top matches per checkpoint"))));
    }

    /** The shipped models, or an untrained ViT saved into the output folder when none ships. */
    private List<Shown> models() {
        Path home = Path.of(System.getProperty("pairviz.home", "."));
        Path dir = models != null ? models : home.resolve("models");
        List<Shown> shown = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve("scenes-vit.safetensors"))) {
            shown.add(new Shown("vit", dir.resolve("scenes-vit.safetensors"), "ViT"));
        }
        if (Files.isRegularFile(dir.resolve("scenes-resnet.safetensors"))) {
            shown.add(new Shown("resnet", dir.resolve("scenes-resnet.safetensors"), "BiT ResNet"));
        }
        if (Files.isRegularFile(dir.resolve("scenes-vit-cls.safetensors"))) {
            shown.add(new Shown("vit-cls", dir.resolve("scenes-vit-cls.safetensors"), "class-token ViT"));
        }
        if (shown.isEmpty()) {
            out().println("note: no trained models in " + dir.toAbsolutePath().normalize()
                    + "; showing an untrained ViT with random weights (its maps mean nothing)");
            VitConfig c = new VitConfig(64, 8, 96, 4, 3, 192, 64, VitConfig.Pooling.MEAN);
            Path w = out.resolve("random-vit.safetensors");
            SafetensorsWriter.write(w, WeightLoader.randomWeights(c.newNetwork(), seed), java.util.Map.of("heads", "3"));
            shown.add(new Shown("random-vit", w, "untrained ViT"));
        }
        return shown;
    }

    /** How the demo scenes are split (they are used whole: the split only decides the order). */
    private static final Split SPLIT = Split.parse("classes:0.5");

    /** The demo scenes at one image size, generated once. */
    private Path scenes(int size) {
        Path dir = out.resolve("scenes-" + size);
        if (!Files.isDirectory(dir.resolve("images"))) {
            SceneWriter.write(SceneSpec.of(classes, perClass, size, seed), dir, 2, true, () -> { });
        }
        return dir;
    }

    /** Image {@code index} of class {@code cls}, copied once under a name that says both. */
    private static Path scene(Path scenes, int cls, int index) {
        Path named = scenes.resolve("named").resolve("class" + cls + "-" + index + ".png");
        try {
            if (!Files.exists(named)) {
                Files.createDirectories(named.getParent());
                Files.copy(scenes.resolve("images").resolve(cls + "/" + index + ".png"), named);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + named + ": " + e.getMessage(), e);
        }
        return named;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}

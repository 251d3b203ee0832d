package pairviz.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import pairviz.PairvizException;
import pairviz.data.scenes.SceneSpec;
import pairviz.data.scenes.SceneWriter;
import pairviz.eval.LabelledEmbeddings;
import pairviz.eval.Retrieval;
import pairviz.eval.RetrievalMetrics;
import pairviz.model.EmbeddingModel;
import pairviz.model.ModelOptions;
import pairviz.model.WeightLoader;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.report.HtmlReport;
import pairviz.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pairviz demo}: the main job for a newcomer. Makes a fresh set of synthetic scenes (classes
 * the shipped models never saw), evaluates each shipped model on it, draws the paper's figures
 * with the same commands a user would run, and gathers everything into one HTML report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Evaluates the shipped models on fresh synthetic scenes, draws the paper's figures and writes a report.")
public final class DemoCommand implements Callable<Integer> {
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
                System.out.printf("%s: %s%n", s.label(), m.config().describe());
                ModelMixin options = ModelMixin.of(s.weights());
                DataMixin data = DataMixin.of(scenes, "all");
                LabelledEmbeddings e = EmbedCommand.labelled(EmbedCommand.embed(m, options, data.samples(), null));
                RetrievalMetrics r = Retrieval.evaluate(e.embeddings(), e.labels(), 1, 2, 4);
                rows.add(List.of(s.label(), fmt(r.precisionAt1()), fmt(r.recallAt(4)), fmt(r.mapAtR()),
                        fmt(r.rPrecision()), Integer.toString(r.queries())));
                System.out.printf("  Recall@1 %.3f  MAP@R %.3f on %d unseen-class scenes%n", r.precisionAt1(), r.mapAtR(), r.queries());
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
                        + "the objects two images share. Maps are drawn in pairviz's default mode (auto: integrated gradients toward "
                        + "the partner for a transformer, the decomposition for a CNN), which the faithfulness study favours; "
                        + "add --mode reference to a command for the paper's own mode.",
                sections);
        HtmlReport.save(report, out);
        Path page = out.resolve("report.html");
        HtmlReport.write(report, out, page);
        System.out.println("report: " + page.toAbsolutePath().normalize());
        return 0;
    }

    /** The figures, each drawn by running the command a user would run. */
    private List<Report.Section> figures(List<Shown> shown, Path scenes) {
        Shown first = shown.get(0);
        Path a = scene(scenes, 0, 0);
        Path b = scene(scenes, 0, 1);
        Path c = scene(scenes, 1, 0);
        List<Report.Figure> pairFigures = new ArrayList<>();
        for (Shown s : shown) {
            Path dir = out.resolve(s.name());
            run("explain", a.toString(), b.toString(), "--weights", s.weights().toString(), "--out", dir.toString(),
                    "--json", dir.resolve("pair.json").toString());
            run("explain", a.toString(), c.toString(), "--weights", s.weights().toString(), "--out", dir.toString());
            pairFigures.add(new Report.Figure(s.name() + "/class0-0_class0-1_pair.png", s.label() + ": two images of one class"));
            pairFigures.add(new Report.Figure(s.name() + "/class0-0_class1-0_pair.png", s.label() + ": images of two different classes"));
        }
        List<Report.Section> sections = new ArrayList<>();
        sections.add(new Report.Section("Paired similarity maps", "A | B is where A is similar to B; B | A the converse.",
                List.of(), pairFigures));
        List<String> matrixArgs = new ArrayList<>(List.of("matrix"));
        for (int i = 0; i < 5; i++) {
            matrixArgs.add(scene(scenes, i < 3 ? 0 : i - 2, i < 3 ? i : 0).toString());
        }
        matrixArgs.addAll(List.of("--weights", first.weights().toString(), "--out", out.resolve("matrix.png").toString()));
        run(matrixArgs.toArray(String[]::new));
        sections.add(new Report.Section("Similarity matrix (paper figure 1)",
                "Row i, column j: the map of image i given image j. The first three images share a class.", List.of(),
                List.of(new Report.Figure("matrix.png", first.label() + ": maps of every image with respect to every other"))));

        String gallery = scenes.resolve("images").toString();
        // the gallery's own file, so that the figures leave the query out of its matches
        Path query = scenes.resolve("images").resolve("0").resolve("0.png");
        List<String> retrieve = new ArrayList<>(List.of("retrieve", query.toString(), "--weights", first.weights().toString(),
                "--gallery", gallery, "--label", "0", "--top", "4", "--out", out.resolve("retrieve.png").toString()));
        Shown second = shown.size() > 1 ? shown.get(1) : null;
        if (second != null) {
            retrieve.addAll(List.of("--compare", second.weights().toString()));
        }
        run(retrieve.toArray(String[]::new));
        run("classmap", query.toString(), "--weights", first.weights().toString(), "--gallery", gallery, "--label", "0",
                "--classes", "3", "--out", out.resolve("classmap.png").toString());
        sections.add(new Report.Section("Retrieval and class maps (paper figures 9 and 5)",
                "Top matches of a query among the demo scenes, green when of the query's class, red otherwise; then the "
                        + "query's class similarity maps.",
                List.of(), List.of(
                        new Report.Figure("retrieve.png", "top matches and their maps"
                                + (second != null ? " (" + first.label() + " above, " + second.label() + " below)" : "")),
                        new Report.Figure("classmap.png", first.label() + ": class similarity maps of the query"))));

        evolution(first, query, gallery).ifPresent(sections::add);

        List<String> pose = new ArrayList<>(List.of("pose", "--weights", first.weights().toString(), "--data",
                scenes.toString(), "--subset", "all", "--top", "5", "--out", out.resolve("pose.png").toString()));
        if (second != null) {
            run("compare", a.toString(), b.toString(), "--weights", first.weights().toString(), "--weights2",
                    second.weights().toString(), "--rollout", "--out", out.resolve("compare.png").toString());
            sections.add(new Report.Section("Two networks, and rollout alone (paper figures 7 and 8)",
                    "The same pair under " + first.label() + " and " + second.label() + ", and beside them the "
                            + "output-agnostic rollout maps of the transformer, which ignore the other image.",
                    List.of(), List.of(new Report.Figure("compare.png", first.label() + " vs " + second.label()))));
            pose.addAll(List.of("--weights2", second.weights().toString()));
        }
        run(pose.toArray(String[]::new));
        sections.add(new Report.Section("Pose similarity (paper figure 10)",
                "For each query, the dot product of its histogram of semantic classes (object shapes) with that of each "
                        + "of its top matches, averaged over queries.",
                List.of(), List.of(new Report.Figure("pose.png", "pose similarity of the top matches"))));

        Path faith = out.resolve("faithfulness");
        // 8 steps and a quarter as many different-class pairs: the patch-4 ViT reads 256 tokens an image
        run("faithfulness", "--weights", first.weights().toString(), "--data", scenes.toString(), "--pairs",
                Integer.toString(faithPairs), "--control", Integer.toString(Math.max(1, faithPairs / 4)), "--steps", "8",
                "--triplets", Integer.toString(faithPairs), "--methods", "reference,conservative,grad-rollout,"
                        + "integrated-gradients,rollout,uniform", "--out", faith.toString());
        sections.add(new Report.Section("Faithfulness",
                "Deletion (lower is better) and insertion (higher is better) curves of each kind of map on "
                        + faithPairs + " same-class pairs; the full table, with partner specificity on as many "
                        + "triplets, is in faithfulness/faithfulness.md.",
                List.of(), List.of(new Report.Figure("faithfulness/curves.png", first.label() + ": mean curves"))));
        return sections;
    }

    /**
     * Paper figure 6 from the shipped training history of the first model ({@code
     * models/<name>-history/iter-*.safetensors}, then the model itself), when it ships one.
     */
    private Optional<Report.Section> evolution(Shown model, Path query, String gallery) {
        Path history = model.weights().resolveSibling(
                model.weights().getFileName().toString().replace(".safetensors", "-history"));
        if (!Files.isDirectory(history)) {
            return Optional.empty();
        }
        // evolution lists the folder's checkpoints itself (optimizer states left out), then the model
        run("evolution", "--checkpoints", history + "," + model.weights(), query.toString(), "--gallery", gallery,
                "--label", "0", "--top", "3", "--out", out.resolve("evolution.png").toString());
        return Optional.of(new Report.Section("Along training (paper figure 6)",
                "The query's top matches and their maps at checkpoints of the run that trained the " + model.label()
                        + ", from early in training to the shipped model.",
                List.of(), List.of(new Report.Figure("evolution.png", model.label() + ": top matches per checkpoint"))));
    }

    /** The commands that draw paired maps; the demo draws them in {@link #MODE}. */
    private static final Set<String> MAP_COMMANDS = Set.of("explain", "matrix", "retrieve", "classmap",
            "evolution", "compare");

    /**
     * The demo's map mode: conservative, which the faithfulness study of the shipped ViT favours by a
     * wide margin (docs/faithfulness.md); the paper's reference mode is the commands' default.
     */
    static final String MODE = "conservative";

    /** Runs a pairviz command in this process (map commands in {@link #MODE}); a failure stops the demo. */
    private static void run(String... args) {
        if (MAP_COMMANDS.contains(args[0])) {
            args = Stream.concat(Arrays.stream(args), Stream.of("--mode", MODE))
                    .toArray(String[]::new);
        }
        int code = Main.commandLine().execute(args);
        if (code != 0) {
            throw new PairvizException("demo step 'pairviz " + String.join(" ", args) + "' failed (exit " + code + ")");
        }
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
            System.out.println("note: no trained models in " + dir.toAbsolutePath().normalize()
                    + "; showing an untrained ViT with random weights (its maps mean nothing)");
            VitConfig c = new VitConfig(64, 8, 96, 4, 3, 192, 64, VitConfig.Pooling.MEAN);
            Path w = out.resolve("random-vit.safetensors");
            SafetensorsWriter.write(w, WeightLoader.randomWeights(c.newNetwork(), seed), java.util.Map.of("heads", "3"));
            shown.add(new Shown("random-vit", w, "untrained ViT"));
        }
        return shown;
    }

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

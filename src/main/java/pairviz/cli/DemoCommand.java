package pairviz.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import pairviz.data.scenes.SceneSpec;
import pairviz.data.scenes.SceneWriter;
import pairviz.explain.ExplainOptions;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.Heatmap;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.OutputAgnosticRollout;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.image.Normalization;
import pairviz.model.EmbeddingModel;
import pairviz.model.ModelOptions;
import pairviz.model.vit.VitConfig;
import pairviz.render.Colormap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pairviz demo}: the main job for a newcomer. Makes a fresh set of synthetic scenes (classes
 * the shipped models never saw), explains same-class and different-class pairs with each shipped
 * model, draws a rollout map, and prints where everything went.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Explains pairs of fresh synthetic scenes with the shipped models and writes the pictures.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "pairviz-demo", paramLabel = "DIR", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--models", paramLabel = "DIR", description = "Folder of the shipped models. Default: models/ beside the launcher.")
    Path models;

    @Option(names = "--seed", defaultValue = "2026", description = "Seed of the demo scenes (unseen in training). Default: ${DEFAULT-VALUE}.")
    long seed;

    /** A model to show: its name, the file it comes from (null for random weights), its weights' options. */
    record Shown(String name, Path weights) {}

    @Override
    public Integer call() {
        Path home = Path.of(System.getProperty("pairviz.home", "."));
        Path dir = models != null ? models : home.resolve("models");
        List<Shown> shown = new ArrayList<>();
        for (String name : List.of("scenes-vit", "scenes-resnet")) {
            Path w = dir.resolve(name + ".safetensors");
            if (Files.isRegularFile(w)) {
                shown.add(new Shown(name, w));
            }
        }
        if (shown.isEmpty()) {
            System.out.println("note: no trained models in " + dir.toAbsolutePath().normalize()
                    + "; showing an untrained ViT with random weights (its maps mean nothing)");
            shown.add(new Shown("random-vit", null));
        }
        for (Shown s : shown) {
            try (EmbeddingModel m = s.weights() == null
                    ? EmbeddingModel.random(new VitConfig(64, 8, 96, 4, 3, 192, 64, VitConfig.Pooling.MEAN), seed)
                    : EmbeddingModel.load(s.weights(), ModelOptions.auto())) {
                explainScenes(s.name(), m);
            }
        }
        System.out.println("pictures in " + out.toAbsolutePath().normalize());
        return 0;
    }

    /** Image {@code index} of class {@code cls}, copied once under a name that says both. */
    private static Path scene(Path scenes, int cls, int index) {
        Path named = scenes.resolve("named").resolve("class" + cls + "-" + index + ".png");
        try {
            if (!Files.exists(named)) {
                Files.createDirectories(named.getParent());
                Files.copy(scenes.resolve("images").resolve(cls + "/" + index + ".png"), named);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + named + ": " + e.getMessage(), e);
        }
        return named;
    }

    private void explainScenes(String name, EmbeddingModel m) {
        int size = m.config().imageSize();
        Path scenes = out.resolve("scenes-" + size);
        if (!Files.isDirectory(scenes.resolve("images"))) {
            SceneWriter.write(SceneSpec.of(4, 3, size, seed), scenes, 2, true, () -> { });
        }
        List<Path[]> pairs = List.of(
                new Path[] {scene(scenes, 0, 0), scene(scenes, 0, 1)},
                new Path[] {scene(scenes, 1, 0), scene(scenes, 1, 2)},
                new Path[] {scene(scenes, 0, 0), scene(scenes, 2, 0)});
        ExplainOptions options = ExplainOptions.DEFAULT;
        ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(m, options.rollout()), Normalization.IMAGENET, 8, 16);
        Path target = out.resolve(name);
        PairPictures painter = new PairPictures(embedder, Colormap.JET, false);
        List<PairExplanation> done = new PairJob(m, embedder, new PairExplainer(options), painter)
                .run(pairs, target, null, 8, false);
        System.out.printf("%s: %s%n", name, m.config().describe());
        for (int i = 0; i < done.size(); i++) {
            PairExplanation e = done.get(i);
            System.out.printf("  %-28s score %.3f  (%s)%n", e.a() + " vs " + e.b(), e.score(),
                    i < 2 ? "same class" : "different classes");
        }
        if (m.config() instanceof VitConfig) {
            Heatmap r = OutputAgnosticRollout.explain(embedder.features(pairs.get(0)[0]));
            painter.writeSingle(pairs.get(0)[0], r, target, "_rollout");
        }
    }
}

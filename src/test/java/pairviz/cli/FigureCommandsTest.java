package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.Pairviz;
import pairviz.store.EmbeddingFiles;
import pairviz.store.LabelledEmbeddings;
import pairviz.explain.PairExplanation;
import pairviz.loading.ModelOptions;
import pairviz.testutil.Fixtures;

/** The figure commands (retrieve, classmap, evolution, compare) on tiny scenes and the fixture models. */
class FigureCommandsTest {
    @TempDir static Path scenesRoot;
    @TempDir Path tmp;

    static Path scenes;
    static final String[] VIT = {"--weights", Fixtures.fixture("vit_tiny.pth").toString(), "--heads", "4"};
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void makeScenes() {
        scenes = scenesRoot.resolve("scenes");
        CliRunner.Result r = CliRunner.run("data", "scenes", "--out", scenes.toString(), "--classes", "4", "--per-class", "3",
                "--size", "32", "--seed", "11");
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    static Path image(int cls, int i) {
        return scenes.resolve("images").resolve(Integer.toString(cls)).resolve(i + ".png");
    }

    @Test
    void retrieveRanksAsBruteForceCosineOverEmbedOutput() throws IOException {
        Path query = image(1, 0);
        Path png = tmp.resolve("r.png");
        Path json = tmp.resolve("r.json");
        CliRunner.Result r = run("retrieve", query.toString(), "--gallery", scenes.toString(), "--top", "4",
                "--out", png.toString(), "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        BufferedImage picture = ImageIO.read(png.toFile());
        assertThat(picture.getWidth()).isGreaterThan(5 * 160);

        // independent ranking: embed the whole folder, cosine against every other image
        Path e = tmp.resolve("e.npy");
        assertThat(run("embed", "--data", scenes.toString(), "--subset", "all", "--out", e.toString()).exitCode()).isZero();
        LabelledEmbeddings emb = EmbeddingFiles.readLabelled(e, tmp.resolve("e.labels.txt"));
        List<String> paths = Files.readAllLines(tmp.resolve("e.paths.txt"));
        int q = paths.indexOf(query.toString());
        assertThat(q).isNotNegative();
        float[][] rows = emb.embeddings().toArray();
        List<Integer> ranked = IntStream.range(0, rows.length).filter(i -> i != q).boxed()
                .sorted(Comparator.comparingDouble(i -> -cosine(rows[q], rows[i]))).toList();

        JsonNode root = JSON.readTree(json.toFile());
        assertThat(root.get("label").asText()).isEqualTo("1");
        JsonNode matches = root.get("models").get(0).get("matches");
        assertThat(matches).hasSize(4);
        for (int k = 0; k < 4; k++) {
            int want = ranked.get(k);
            JsonNode m = matches.get(k);
            assertThat(m.get("image").asText()).isEqualTo(paths.get(want));
            assertThat(m.get("score").asDouble()).isCloseTo(cosine(rows[q], rows[want]), within(1e-5));
            assertThat(m.get("correct").asBoolean()).isEqualTo(emb.labels().get(want).equals("1"));
            assertThat(m.get("match_map")).hasSize(4); // the ViT fixture's 4 x 4 grid
        }
    }

    @Test
    void retrieveComparesTwoModelsAndTakesTheLabelGiven() throws IOException {
        Path outside = tmp.resolve("query.png");
        Files.copy(image(2, 1), outside);
        Path json = tmp.resolve("r.json");
        CliRunner.Result r = run("retrieve", outside.toString(), "--gallery", scenes.toString(), "--top", "2", "--label", "2",
                "--weights2", Fixtures.fixture("resnet_tiny.pth").toString(), "--size2", "64",
                "--out", tmp.resolve("r.png").toString(), "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode models = JSON.readTree(json.toFile()).get("models");
        assertThat(models).hasSize(2);
        assertThat(models.get(0).get("model").asText()).isEqualTo("vit_tiny");
        assertThat(models.get(1).get("model").asText()).isEqualTo("resnet_tiny");
        assertThat(models.get(1).get("matches").get(0).get("match_map")).hasSize(8); // the ResNet fixture's 8 x 8 grid
        // the query is outside the gallery: its identical twin image 2/1 may be retrieved, and is correct
        for (JsonNode m : models.get(0).get("matches")) {
            assertThat(m.get("correct").asBoolean()).isEqualTo(m.get("label").asText().equals("2"));
        }
        BufferedImage picture = ImageIO.read(tmp.resolve("r.png").toFile());
        assertThat(picture.getHeight()).isGreaterThan(4 * 160); // two rows per model
    }

    @Test
    void classMapIsTheSumOfThePairedMapsOverTheClass() throws IOException {
        Path query = image(3, 2);
        Path json = tmp.resolve("c.json");
        // a mode linear in the target (the default, grad-rollout, drops negative parts and is not)
        CliRunner.Result r = run("classmap", query.toString(), "--gallery", scenes.toString(), "--classes", "2",
                "--mode", "conservative", "--out", tmp.resolve("c.png").toString(), "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode classes = JSON.readTree(json.toFile()).get("classes");
        assertThat(classes).hasSize(3);
        JsonNode own = classes.get(0);
        assertThat(own.get("label").asText()).isEqualTo("3");
        assertThat(own.get("own").asBoolean()).isTrue();
        assertThat(own.get("members").asInt()).isEqualTo(2); // the query's own file left out
        try (Pairviz pv = Pairviz.builder().setWeights(Fixtures.fixture("vit_tiny.pth"))
                .optModelOptions(ModelOptions.auto().withHeads(4)).optMode(pairviz.explain.Mode.CONSERVATIVE).build()) {
            float[] sum = new float[16];
            double scores = 0;
            for (int i : new int[] {0, 1}) {
                PairExplanation e = pv.explain(query, image(3, i));
                scores += e.score();
                for (int t = 0; t < 16; t++) {
                    sum[t] += e.mapA().values()[t];
                }
            }
            float[] got = Fixtures.floats(own.get("map"));
            for (int t = 0; t < 16; t++) {
                assertThat(got[t]).isCloseTo(sum[t], within(1e-4f));
            }
            assertThat(own.get("mean_score").asDouble()).isCloseTo(scores / 2, within(1e-5));
            // the other classes: the best two by mean similarity, in order
            List<Double> means = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                double s = 0;
                for (int i = 0; i < 3; i++) {
                    s += pv.explain(query, image(c, i)).score();
                }
                means.add(s / 3);
            }
            List<Integer> best = IntStream.range(0, 3).boxed().sorted(Comparator.comparingDouble(c -> -means.get(c))).toList();
            assertThat(classes.get(1).get("label").asText()).isEqualTo(best.get(0).toString());
            assertThat(classes.get(2).get("label").asText()).isEqualTo(best.get(1).toString());
            assertThat(classes.get(1).get("mean_score").asDouble()).isCloseTo(means.get(best.get(0)), within(1e-5));
        }
    }

    @Test
    void evolutionDrawsOneRowPerCheckpointInIterationOrder() throws IOException {
        Path run = tmp.resolve("run/checkpoints");
        Files.createDirectories(run);
        Files.copy(Fixtures.fixture("vit_tiny.safetensors"), run.resolve("iter-000200.safetensors"));
        Files.copy(Fixtures.fixture("vit_tiny.safetensors"), run.resolve("iter-000020.safetensors"));
        Files.writeString(run.resolve("iter-000020.train.safetensors"), "optimizer state, not a model");
        Path json = tmp.resolve("e.json");
        CliRunner.Result r = CliRunner.run(new String[] {"evolution", "--checkpoints", run.toString(), image(0, 1).toString(),
                "--gallery", scenes.toString(), "--heads", "4", "--out", tmp.resolve("e.png").toString(), "--json", json.toString()});
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode rows = JSON.readTree(json.toFile()).get("checkpoints");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("iteration").asInt()).isEqualTo(20);
        assertThat(rows.get(1).get("iteration").asInt()).isEqualTo(200);
        assertThat(rows.get(0).get("matches")).hasSize(3);
        // the same weights give the same matches
        assertThat(rows.get(0).get("matches")).isEqualTo(rows.get(1).get("matches"));
        assertThat(ImageIO.read(tmp.resolve("e.png").toFile()).getHeight()).isGreaterThan(2 * 160);
    }

    @Test
    void compareMatchesExplainAndAddsRolloutMaps() throws IOException {
        Path a = image(0, 0);
        Path b = image(1, 1);
        Path json = tmp.resolve("c.json");
        CliRunner.Result r = run("compare", a.toString(), b.toString(), "--weights2", Fixtures.fixture("resnet_tiny.pth").toString(),
                "--size2", "64", "--rollout", "--out", tmp.resolve("c.png").toString(), "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path single = tmp.resolve("x.json");
        assertThat(run("explain", a.toString(), b.toString(), "--no-pictures", "--json", single.toString()).exitCode()).isZero();
        JsonNode explained = JSON.readTree(single.toFile());
        JsonNode models = JSON.readTree(json.toFile()).get("pairs").get(0).get("models");
        assertThat(models).hasSize(2);
        assertThat(models.get(0).get("score").asDouble()).isCloseTo(explained.get("score").asDouble(), within(1e-6));
        assertThat(Fixtures.floats(models.get(0).get("a_given_b"))).containsExactly(Fixtures.floats(explained.get("a").get("map")), within(1e-6f));
        assertThat(Fixtures.floats(models.get(0).get("b_given_a"))).containsExactly(Fixtures.floats(explained.get("b").get("map")), within(1e-6f));
        assertThat(models.get(0).get("rollout_a")).hasSize(4);
        assertThat(models.get(1).has("rollout_a")).isFalse();
        assertThat(models.get(1).get("a_given_b")).hasSize(8);
        // 2 images + 2 models x 2 maps + 2 rollout maps
        assertThat(ImageIO.read(tmp.resolve("c.png").toFile()).getWidth()).isGreaterThan(8 * 160);
    }

    @Test
    void badInputIsOneLineAndExitTwoAndNoPicture() throws IOException {
        Path png = tmp.resolve("never.png");
        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "not an image");
        String q = image(0, 0).toString();
        String g = scenes.toString();
        String missing = tmp.resolve("missing").toString();
        expectError("gallery " + missing + " does not exist", "retrieve", q, "--gallery", missing, "--out", png.toString());
        expectError("--top must be at least 1, not 0", "retrieve", q, "--gallery", g, "--top", "0", "--out", png.toString());
        expectError("--top must be at least 1, not 0", "evolution", "--checkpoints", g, q, "--gallery", g, "--top", "0");
        CliRunner.Result r = run("classmap", text.toString(), "--gallery", g, "--out", png.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).startsWith("pairviz: ").contains(text.toString()).doesNotContain("\n");
        expectError("--checkpoints " + g + " holds no .safetensors checkpoint", "evolution", "--checkpoints", g, q, "--gallery", g,
                "--heads", "4");
        expectError("--label 9: the gallery " + g + " has no other image of that class", "classmap", q, "--gallery", g,
                "--label", "9", "--out", png.toString());
        r = CliRunner.run("compare", q, image(1, 1).toString(), "--weights", Fixtures.fixture("resnet_tiny.pth").toString(),
                "--size", "64", "--rollout", "--out", png.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).isEqualTo("pairviz: --rollout needs a transformer as --weights; resnet_tiny.pth is a CNN");
        assertThat(png).doesNotExist();
    }

    private void expectError(String message, String... args) {
        CliRunner.Result r = args[0].equals("evolution") ? CliRunner.run(args) : run(args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.problem()).isEqualTo("pairviz: " + message);
    }

    private static CliRunner.Result run(String... args) {
        return CliRunner.run(EmbedCommandTest.concat(args, VIT));
    }

    static double cosine(float[] a, float[] b) {
        double d = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return d / Math.sqrt(na * nb);
    }
}

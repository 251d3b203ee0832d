package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.testutil.Fixtures;

/** {@code pairviz explain} end to end on the reference fixtures, and its answers to bad input. */
class ExplainCommandTest {
    @TempDir Path tmp;

    static String fixture(String name) {
        return Fixtures.fixture(name).toString();
    }

    @Test
    void writesTheAuthorsFileNamesAndTheReferenceNumbers() throws IOException {
        Path out = tmp.resolve("out");
        Path json = tmp.resolve("pair.json");
        CliRunner.Result r = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", fixture("vit_tiny.pth"), "--heads", "4", "--mode", "reference", "--out", out.toString(),
                "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(out.resolve("blob0_32_simmap_with_blob1_32.png")).isRegularFile();
        assertThat(out.resolve("blob1_32_simmap_with_blob0_32.png")).isRegularFile();
        assertThat(out.resolve("blob0_32_blob1_32_pair.png")).isRegularFile();
        assertThat(ImageIO.read(out.resolve("blob0_32_simmap_with_blob1_32.png").toFile()).getWidth()).isEqualTo(32);

        JsonNode got = new ObjectMapper().readTree(json.toFile());
        JsonNode want = Fixtures.fixtureJson("expected_vit_tiny.json").get("pairs").get(0);
        assertThat(got.get("score").asDouble()).isCloseTo(want.get("score").asDouble(), within(1e-5));
        assertThat(got.get("mode").asText()).isEqualTo("reference");
        assertThat(got.get("grid").toString()).isEqualTo("[4,4]");
        JsonNode maps = want.get("maps").get("reference").get("mean").get("0");
        assertSameGrid(got.get("a").get("map"), maps.get("a"));
        assertSameGrid(got.get("b").get("map"), maps.get("b"));
    }

    @Test
    void pairsModeWritesOneJsonObjectPerLine() throws IOException {
        Path pairs = tmp.resolve("pairs.txt");
        Path dir = Fixtures.FIXTURES.toAbsolutePath();
        // the second line is relative to the pairs file's folder
        Files.copy(Fixtures.fixture("blob2_32.png"), tmp.resolve("blob2_32.png"));
        Files.writeString(pairs, "# two pairs\n" + dir.resolve("blob0_32.png") + " " + dir.resolve("blob1_32.png")
                + "\n\n" + "blob2_32.png " + dir.resolve("blob0_32.png") + "\n");
        Path json = tmp.resolve("pairs.jsonl");
        CliRunner.Result r = CliRunner.run("explain", "--pairs", pairs.toString(), "--weights", fixture("vit_tiny.pth"),
                "--heads", "4", "--mode", "conservative", "--out", tmp.resolve("o").toString(), "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(json);
        assertThat(lines).hasSize(2);
        JsonNode expected = Fixtures.fixtureJson("expected_vit_tiny.json").get("pairs");
        for (int i = 0; i < 2; i++) {
            JsonNode got = new ObjectMapper().readTree(lines.get(i));
            JsonNode want = expected.get(i).get("maps").get("conservative").get("mean").get("0");
            assertSameGrid(got.get("a").get("map"), want.get("a"));
            // conservative maps keep the total
            assertThat(got.get("a").get("sum").asDouble()).isCloseTo(got.get("score").asDouble(), within(1e-5));
        }
    }

    @Test
    void resnetMapsMatchTheReferenceByDefaultAndInReferenceMode() throws IOException {
        // for a CNN the paper's method is the decomposition: the default (auto) and --mode reference both give it
        for (String[] mode : new String[][] {{}, {"--mode", "reference"}}) {
            Path json = tmp.resolve("r" + mode.length + ".json");
            List<String> args = new java.util.ArrayList<>(List.of("explain", fixture("blob0_64.png"), fixture("blob1_64.png"),
                    "--weights", fixture("resnet_tiny.pth"), "--size", "64", "--no-pictures", "--json", json.toString()));
            args.addAll(List.of(mode));
            CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode got = new ObjectMapper().readTree(json.toFile());
            JsonNode want = Fixtures.fixtureJson("expected_resnet_tiny.json").get("pairs").get(0);
            assertSameGrid(got.get("a").get("map"), want.get("maps").get("none").get("a"));
            assertThat(got.get("rollout_applied").asBoolean()).isFalse();
        }
    }

    @Test
    void theDefaultForATransformerIsGradientWeightedRollout() throws IOException {
        Path json = tmp.resolve("auto.json");
        CliRunner.Result r = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"), "--weights",
                fixture("vit_tiny.pth"), "--heads", "4", "--no-pictures", "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode got = new ObjectMapper().readTree(json.toFile());
        assertThat(got.get("mode").asText()).isEqualTo("grad-rollout");
        JsonNode want = Fixtures.fixtureJson("expected_gradients.json").get("vit_mean").get(0).get("maps").get("grad-rollout/mean/0");
        assertSameGrid(got.get("a").get("map"), want.get("a"));
        assertThat(got.get("a").has("baseline_score")).isFalse();
    }

    static void assertSameGrid(JsonNode got, JsonNode want) {
        float[] g = Fixtures.floats(got);
        float[] w = Fixtures.floats(want);
        assertThat(g).hasSameSizeAs(w);
        for (int i = 0; i < g.length; i++) {
            assertThat((double) g[i]).isCloseTo(w[i], within(1e-5));
        }
    }

    // ---- bad input: one line on stderr, exit 2, nothing written ----

    CliRunner.Result explainExpectingFailure(String... args) throws IOException {
        Path out = tmp.resolve("bad-out");
        String[] full = Stream.concat(Stream.of("explain"), Stream.concat(Stream.of(args),
                Stream.of("--out", out.toString(), "--json", tmp.resolve("bad.json").toString()))).toArray(String[]::new);
        CliRunner.Result r = CliRunner.run(full);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.problem().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("pairviz: ").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(tmp.resolve("bad.json")).doesNotExist();
        if (Files.exists(out)) {
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files).as("nothing half-written").isEmpty();
            }
        }
        return r;
    }

    @Test
    void missingImage() throws IOException {
        CliRunner.Result r = explainExpectingFailure(tmp.resolve("nope.png").toString(), fixture("blob1_32.png"),
                "--weights", fixture("vit_tiny.pth"), "--heads", "4");
        assertThat(r.err()).contains("nope.png").contains("does not exist");
    }

    @Test
    void notAnImage() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.png"), "hello, not a picture");
        CliRunner.Result r = explainExpectingFailure(text.toString(), fixture("blob1_32.png"),
                "--weights", fixture("vit_tiny.pth"), "--heads", "4");
        assertThat(r.err()).contains("notes.png").contains("not an image");
    }

    @Test
    void truncatedImage() throws IOException {
        byte[] png = Files.readAllBytes(Fixtures.fixture("blob0_64.png"));
        Path cut = Files.write(tmp.resolve("cut.png"), java.util.Arrays.copyOf(png, png.length / 2));
        CliRunner.Result r = explainExpectingFailure(cut.toString(), fixture("blob1_32.png"),
                "--weights", fixture("vit_tiny.pth"), "--heads", "4");
        assertThat(r.err()).contains("cut.png");
    }

    @Test
    void missingCheckpoint() throws IOException {
        CliRunner.Result r = explainExpectingFailure(fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", tmp.resolve("w.pth").toString());
        assertThat(r.err()).contains("w.pth");
    }

    @Test
    void truncatedCheckpoint() throws IOException {
        byte[] w = Files.readAllBytes(Fixtures.fixture("vit_tiny.pth"));
        Path cut = Files.write(tmp.resolve("cut.pth"), java.util.Arrays.copyOf(w, w.length / 2));
        CliRunner.Result r = explainExpectingFailure(fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", cut.toString());
        assertThat(r.err()).contains("cut.pth");
    }

    @Test
    void checkpointOfAnotherArchitectureThanAskedFor() throws IOException {
        CliRunner.Result r = explainExpectingFailure(fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", fixture("resnet_tiny.pth"), "--model", "vit-b16");
        assertThat(r.err()).contains("holds a BiT ResNet-v2, not the ViT that --model vit-b16 asks for");
    }

    @Test
    void checkpointThatDoesNotFitThePreset() throws IOException {
        CliRunner.Result r = explainExpectingFailure(fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", fixture("vit_tiny.pth"), "--model", "vit-b32");
        assertThat(r.err()).contains("does not fit ViT").contains("of the wrong shape")
                .contains("transformer.embeddings.patch_embeddings.weight is [48, 3, 8, 8], expected [768, 3, 32, 32]");
    }

    @Test
    void headsThatDoNotDivideTheWidth() throws IOException {
        CliRunner.Result r = explainExpectingFailure(fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", fixture("vit_tiny.pth"), "--heads", "5");
        assertThat(r.err()).contains("width 48 cannot be split into 5 heads");
    }

    @Test
    void badOptionValues() throws IOException {
        assertThat(explainExpectingFailure(fixture("blob0_32.png"), fixture("blob1_32.png"), "--weights",
                fixture("vit_tiny.pth"), "--heads", "4", "--mode", "sideways").err()).contains("unknown mode 'sideways'");
        assertThat(explainExpectingFailure(fixture("blob0_32.png"), fixture("blob1_32.png"), "--weights",
                fixture("vit_tiny.pth"), "--heads", "4", "--start-layer", "7").err()).contains("--start-layer 7 is past the last layer");
        assertThat(explainExpectingFailure(fixture("blob0_32.png"), fixture("blob1_32.png"), "--weights",
                fixture("vit_tiny.pth"), "--heads", "4", "--colormap", "rainbow").err()).contains("rainbow");
    }

    @Test
    void badPairsFile() throws IOException {
        Path pairs = Files.writeString(tmp.resolve("p.txt"), "only-one-field.png\n");
        CliRunner.Result r = explainExpectingFailure("--pairs", pairs.toString(), "--weights", fixture("vit_tiny.pth"));
        assertThat(r.err()).contains("line 1: expected two image paths");
    }
}

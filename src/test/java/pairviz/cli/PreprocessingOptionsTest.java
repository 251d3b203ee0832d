package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.testutil.Fixtures;

/** The preprocessing the model carries, on the command line: no flag needed, one note where nothing says, bad values refused. */
class PreprocessingOptionsTest {
    @TempDir Path tmp;

    static String fixture(String name) {
        return Fixtures.fixture(name).toString();
    }

    /** Runs the command line with System.err captured too (the loader's notes go there). */
    private static CliRunner.Result run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            CliRunner.Result r = CliRunner.run(args);
            return new CliRunner.Result(r.exitCode(), r.out(), r.err() + err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private Path lastJson;

    private double score(Path weights, String... more) throws IOException {
        Path json = Files.createTempFile(tmp, "pair", ".json");
        lastJson = json;
        String[] base = {"explain", fixture("blob0_32.png"), fixture("blob1_32.png"), "--weights", weights.toString(),
                "--no-pictures", "--json", json.toString(), "--mode", "reference"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more)).toArray(String[]::new);
        CliRunner.Result r = run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return new ObjectMapper().readTree(json.toFile()).get("score").asDouble();
    }

    /** issue 21: a model trained with train --norm sop explained with ImageNet's statistics (0.9172 instead of 0.9989). */
    @Test
    void aCheckpointTrainedWithSopExplainsWithSopWithoutTheFlag() throws IOException {
        Path sop = tmp.resolve("trained-sop.safetensors");
        SafetensorsWriter.write(sop, Checkpoints.read(Fixtures.fixture("vit_tiny.safetensors")), Map.of("heads", "4", "norm", "sop"));
        double own = score(sop);
        assertThat(own).isCloseTo(score(sop, "--norm", "sop"), within(1e-9));
        JsonNode reported = new ObjectMapper().readTree(lastJson.toFile()).get("preprocessing");
        assertThat(reported.get("origin").get("norm").asText()).as("the override, reported in the JSON").isEqualTo("option norm");
        assertThat(reported.get("mean").get(0).floatValue()).isEqualTo(0.5807f);
        assertThat(Math.abs(own - score(sop, "--norm", "imagenet"))).as("ImageNet's statistics give another score").isGreaterThan(1e-6);
    }

    @Test
    void theNoteOnWhatNothingSaysComesOnceAndOnlyWhenNothingSaysIt() {
        String assumed = "assumed pairviz's default";
        CliRunner.Result hf = run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"), "--weights",
                fixture("families/hf_vit/pytorch_model.bin"), "--out", tmp.resolve("a").toString());
        assertThat(hf.exitCode()).as(hf.err()).isZero();
        assertThat(hf.err().split(java.util.regex.Pattern.quote(assumed), -1)).as(hf.err()).hasSize(2);
        assertThat(hf.err()).contains("--norm imagenet");
        CliRunner.Result own = run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"), "--weights",
                Path.of("models/scenes-vit.safetensors").toString(), "--out", tmp.resolve("b").toString());
        assertThat(own.exitCode()).as(own.err()).isZero();
        assertThat(own.err()).doesNotContain(assumed);
        CliRunner.Result flagged = run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"), "--weights",
                fixture("families/hf_vit/pytorch_model.bin"), "--norm", "imagenet", "--resize", "squash", "--pixel-range", "0..1",
                "--out", tmp.resolve("c").toString());
        assertThat(flagged.err()).as("only --bgr left unsaid").contains(assumed).doesNotContain("--norm imagenet");
    }

    @Test
    void inspectShowsThePreprocessingAndWhereEachValueCameFrom() throws IOException {
        CliRunner.Result r = run("inspect", "models/scenes-vit.safetensors");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("resize:       squash, bilinear (the authors' preprocessing")
                .contains("normalise:    mean [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225] (checkpoint metadata)");
        CliRunner.Result j = run("inspect", "models/scenes-vit.safetensors", "--json", "--norm", "sop");
        assertThat(new ObjectMapper().readTree(j.out()).get("preprocessing").get("origin").get("norm").asText()).isEqualTo("option norm");
    }

    @Test
    void badValuesOfTheNewFlagsAreOneLineAndExit2() {
        String w = fixture("vit_tiny.safetensors");
        String[][] bad = {
            {"--resize", "stretch"}, {"--pixel-range", "0..2"}, {"--crop", "1.5"}, {"--crop", "0"}, {"--crop", "half"},
            {"--crop", "0.5"}, // the model squashes: a crop would do nothing
        };
        for (String[] b : bad) {
            CliRunner.Result r = run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"), "--weights", w, "--heads", "4",
                    "--out", tmp.toString(), b[0], b[1]);
            assertThat(r.exitCode()).as(String.join(" ", b) + ": " + r.err()).isEqualTo(2);
            assertThat(r.problem().lines().filter(l -> !l.startsWith("pairviz: vit_tiny")).count())
                    .as(String.join(" ", b) + ": " + r.err()).isEqualTo(1);
            assertThat(r.err()).doesNotContain("\tat ");
        }
    }
}

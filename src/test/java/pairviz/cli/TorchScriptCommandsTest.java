package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.data.scenes.SceneSpec;
import pairviz.data.scenes.SceneWriter;
import pairviz.store.EmbeddingFiles;
import pairviz.store.LabelledEmbeddings;
import pairviz.testutil.Fixtures;

/** The commands with a network exported to TorchScript as {@code --weights}, end to end. */
class TorchScriptCommandsTest {
    @TempDir Path tmp;

    static String fixture(String name) {
        return Fixtures.fixture(name).toString();
    }

    @Test
    void explainMakesIntegratedGradientsMapsOfATransformerByDefault() throws IOException {
        Path json = tmp.resolve("pair.json");
        Path out = tmp.resolve("out");
        CliRunner.Result r = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", fixture("script_vit.pt"), "--out", out.toString(), "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(out.resolve("blob0_32_simmap_with_blob1_32.png")).isRegularFile();
        JsonNode got = new ObjectMapper().readTree(json.toFile());
        JsonNode want = Fixtures.fixtureJson("expected_torchscript.json").get("vit").get("pair");
        assertThat(got.get("mode").asText()).isEqualTo("integrated-gradients");
        assertThat(got.get("score").asDouble()).isCloseTo(want.get("score").asDouble(), within(1e-5));
        assertThat(got.get("grid").toString()).isEqualTo("[4,4]");
        // integrated gradients sum to the score less the baseline's similarity, up to the rule's gap, which the JSON gives
        assertThat(got.get("steps").asInt()).isEqualTo(pairviz.explain.IntegratedGradientsSpec.DEFAULT_STEPS);
        assertThat(got.get("baseline").asText()).isEqualTo("black");
        for (String side : new String[] {"a", "b"}) {
            double target = got.get("score").asDouble() - got.get(side).get("baseline_score").asDouble();
            double sum = got.get(side).get("sum").asDouble();
            assertThat(sum).isCloseTo(target, within(0.02 * Math.abs(target) + 2e-3));
            assertThat(got.get(side).get("completeness_gap").asDouble()).isCloseTo(sum - target, within(1e-6));
        }
    }

    @Test
    void integratedGradientsWarnOnceOnStderrWhenTooFewStepsMissCompleteness() throws IOException {
        Path json = tmp.resolve("one.json");
        CliRunner.Result r = CliRunner.run("explain", fixture("blob0_64.png"), fixture("blob1_64.png"),
                "--weights", fixture("resnet_tiny.pth"), "--size", "64", "--mode", "integrated-gradients", "--steps", "16",
                "--no-pictures", "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("completeness", "raise --steps (now 16").containsOnlyOnce("completeness_gap");
        JsonNode got = new ObjectMapper().readTree(json.toFile());
        assertThat(got.get("steps").asInt()).isEqualTo(16);
        assertThat(Math.abs(got.get("a").get("completeness_gap").asDouble())).isGreaterThan(1e-3);
    }

    @Test
    void stepsAndBaselineAreRefusedWithAModeTheyDoNotChange() {
        CliRunner.Result r = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", fixture("vit_tiny.pth"), "--heads", "4", "--mode", "conservative", "--steps", "64",
                "--no-pictures", "--json", tmp.resolve("x.json").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--steps applies to --mode integrated-gradients").doesNotContain("Exception");
        CliRunner.Result bad = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", fixture("vit_tiny.pth"), "--heads", "4", "--baseline", "grey", "--no-pictures", "--json", tmp.resolve("y.json").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("black, mean, blur");
    }

    @Test
    void explainDecomposesAScriptedCnnByDefaultAndItsMapsSumToTheScore() throws IOException {
        Path json = tmp.resolve("pair.json");
        CliRunner.Result r = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", fixture("script_cnn.pt"), "--no-pictures", "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode got = new ObjectMapper().readTree(json.toFile());
        assertThat(got.get("mode").asText()).isEqualTo("none");
        assertThat(got.get("a").get("sum").asDouble()).isCloseTo(got.get("score").asDouble(), within(1e-5));
        assertThat(got.get("b").get("sum").asDouble()).isCloseTo(got.get("score").asDouble(), within(1e-5));
    }

    /** bf16 cannot reach inside a script: explain and bench refuse it (bench used to print bf16 and time fp32). */
    @Test
    void bf16IsRefusedInOneLineNotRunAsFloat32() {
        CliRunner.Result explain = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", fixture("script_cnn.pt"), "--precision", "bf16", "--out", tmp.toString());
        assertThat(explain.exitCode()).isEqualTo(2);
        assertThat(explain.problem()).doesNotContain("\n").contains("--precision bf16 does not fit script_cnn.pt");
        CliRunner.Result bench = CliRunner.run("bench", "--weights", fixture("script_cnn.pt"), "--precision", "bf16",
                "--pairs", "1", "--warmup", "0");
        assertThat(bench.exitCode()).isEqualTo(2);
        assertThat(bench.err()).contains("--precision bf16 does not fit script_cnn.pt");
    }

    @Test
    void modesTheNetworkCannotHaveAreRefusedInOneLine() {
        CliRunner.Result rollout = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", fixture("script_vit.pt"), "--mode", "grad-rollout", "--no-pictures", "--json", tmp.resolve("j.json").toString());
        assertThat(rollout.exitCode()).isEqualTo(2);
        assertThat(rollout.problem()).startsWith("pairviz: mode grad-rollout needs the gradient of every attention map")
                .contains("integrated-gradients").doesNotContain("\n");
        CliRunner.Result cnn = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", fixture("script_cnn.pt"), "--mode", "conservative", "--no-pictures", "--json", tmp.resolve("j.json").toString());
        assertThat(cnn.exitCode()).isEqualTo(2);
        assertThat(cnn.err()).contains("--mode conservative applies to a transformer's attention rollout");
        CliRunner.Result pooling = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", fixture("script_vit.pt"), "--pooling", "mean", "--no-pictures", "--json", tmp.resolve("j.json").toString());
        assertThat(pooling.exitCode()).isEqualTo(2);
        assertThat(pooling.err()).contains("--pooling mean does not fit script_vit.pt");
    }

    @Test
    void faithfulnessScoresEveryMethodATorchScriptTransformerHasAndNoGradRollout() throws IOException {
        Path scenes = tmp.resolve("s32");
        SceneWriter.write(SceneSpec.of(3, 3, 32, 7), scenes, 1, false, () -> {});
        Path json = tmp.resolve("f.json");
        CliRunner.Result r = CliRunner.run("faithfulness", "--weights", fixture("script_vit.pt"), "--data", scenes.toString(),
                "--pairs", "2", "--control", "0", "--steps", "2", "--triplets", "0", "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> ids = new ArrayList<>();
        new ObjectMapper().readTree(json.toFile()).get("groups").get(0).get("methods")
                .forEach(m -> ids.add(m.get("method").asText()));
        assertThat(ids).contains("conservative", "reference/max", "integrated-gradients", "rollout")
                .doesNotContain("grad-rollout");
    }

    @Test
    void embedWritesTheEmbeddingsTorchGives() throws IOException {
        Path scenes = tmp.resolve("scenes");
        assertThat(CliRunner.run("data", "scenes", "--out", scenes.toString(), "--classes", "2", "--per-class", "2",
                "--size", "32", "--seed", "5").exitCode()).isZero();
        Path out = tmp.resolve("e.npy");
        CliRunner.Result r = CliRunner.run("embed", "--data", scenes.toString(), "--subset", "all", "--out", out.toString(),
                "--weights", fixture("script_cnn.pt"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        LabelledEmbeddings e = EmbeddingFiles.readLabelled(out, tmp.resolve("e.labels.txt"));
        assertThat(e.embeddings().cols()).isEqualTo(12);
        assertThat(e.embeddings().rows()).isEqualTo(4);
    }
}

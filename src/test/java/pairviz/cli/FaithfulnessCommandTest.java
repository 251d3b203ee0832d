package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.data.scenes.SceneSpec;
import pairviz.data.scenes.SceneWriter;
import pairviz.testutil.Fixtures;

/** {@code pairviz faithfulness} end to end on tiny scenes with the fixture networks. */
class FaithfulnessCommandTest {
    @TempDir static Path tmp;
    static Path scenes32;
    static Path scenes64;

    @BeforeAll
    static void scenes() {
        scenes32 = tmp.resolve("s32");
        scenes64 = tmp.resolve("s64");
        SceneWriter.write(SceneSpec.of(5, 4, 32, 7), scenes32, 1, false, () -> {});
        SceneWriter.write(SceneSpec.of(3, 3, 64, 8), scenes64, 1, false, () -> {});
    }

    private static CliRunner.Result vit(String... extra) {
        List<String> args = new ArrayList<>(List.of("faithfulness", "--weights", Fixtures.fixture("vit_tiny.safetensors").toString(),
                "--heads", "4", "--data", scenes32.toString(), "--pairs", "6", "--control", "4", "--steps", "4",
                "--batch", "32"));
        args.addAll(List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void scoresEveryMethodOnScenesAndWritesTableJsonAndFigure() throws IOException {
        Path out = tmp.resolve("out");
        CliRunner.Result r = vit("--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> methods = List.of("reference", "reference/min", "reference/max", "conservative", "conservative/min",
                "conservative/max", "none", "grad-rollout", "smooth-grad-rollout", "grad-input", "integrated-gradients", "rollout",
                "uniform", "random");
        for (String m : methods) {
            assertThat(r.out()).contains("| " + m + " |");
        }
        assertThat(r.out()).contains("**same-class pairs: 6**", "**different-class pairs: 4**", "ROC-AUC");
        assertThat(out.resolve("faithfulness.md")).content().contains("| conservative/max |");
        assertThat(ImageIO.read(out.resolve("curves.png").toFile()).getWidth()).isGreaterThan(900);

        JsonNode json = new ObjectMapper().readTree(out.resolve("faithfulness.json").toFile());
        assertThat(json.get("setup").get("command").asText()).startsWith("pairviz faithfulness --weights ");
        JsonNode same = json.get("groups").get(0);
        assertThat(same.get("name").asText()).isEqualTo("same-class");
        assertThat(same.get("pairs").asInt()).isEqualTo(6);
        assertThat(same.get("methods")).hasSize(methods.size());
        for (JsonNode m : same.get("methods")) {
            String id = m.get("method").asText();
            assertThat(m.get("deletionCurve")).hasSize(5);
            double completeness = m.get("metrics").get("completeness").get("mean").asDouble();
            if (id.startsWith("conservative") || id.equals("none") || id.equals("uniform") || id.equals("random")) {
                // these maps sum to the score by construction
                assertThat(completeness).as(id).isLessThan(1e-4);
            }
            if (id.equals("uniform")) {
                assertThat(m.get("metrics").get("auc").get("mean").asDouble()).isEqualTo(0.5);
            }
            // every curve of a pair starts at the unperturbed A and ends at the fully perturbed one
            assertThat(m.get("deletionCurve").get(0).asDouble()).isEqualTo(1.0);
        }
        JsonNode partner = json.get("partner");
        assertThat(partner.get("triplets").asInt()).isPositive();
        assertThat(r.out()).contains("**partner specificity: " + partner.get("triplets").asInt() + " triplets**");
        for (JsonNode m : partner.get("methods")) {
            String id = m.get("method").asText();
            double specificity = m.get("specificity").get("mean").asDouble();
            assertThat(specificity).as(id).isBetween(0.0, 1.0);
            if (id.equals("rollout") || id.equals("uniform")) {
                // a map that ignores the partner ties on every triplet
                assertThat(specificity).as(id).isEqualTo(0.5);
                assertThat(m.get("specificity").get("low").asDouble()).as(id).isEqualTo(0.5);
            }
            if (id.equals("rollout")) {
                assertThat(m.get("correlation").get("mean").asDouble()).isCloseTo(1.0, within(1e-9));
            }
        }
        JsonNode control = json.get("groups").get(1);
        assertThat(control.get("withGroundTruth").asInt()).isZero(); // signatures belong to one class
        assertThat(control.get("methods").get(0).get("metrics").get("auc").get("mean").isNull()).isTrue();
    }

    @Test
    void theSameSeedGivesTheSameNumbers() throws IOException {
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        Path c = tmp.resolve("c.json");
        assertThat(vit("--methods", "reference,random", "--json", a.toString()).exitCode()).isZero();
        assertThat(vit("--methods", "reference,random", "--json", b.toString()).exitCode()).isZero();
        assertThat(vit("--methods", "reference,random", "--seed", "1", "--json", c.toString()).exitCode()).isZero();
        ObjectMapper om = new ObjectMapper();
        JsonNode ga = om.readTree(a.toFile()).get("groups");
        assertThat(om.readTree(b.toFile()).get("groups")).isEqualTo(ga);
        assertThat(om.readTree(c.toFile()).get("groups")).isNotEqualTo(ga);
    }

    @Test
    void aCnnGetsItsDecompositionAndTheBaselines() throws IOException {
        Path json = tmp.resolve("cnn.json");
        CliRunner.Result r = CliRunner.run("faithfulness", "--weights", Fixtures.fixture("resnet_tiny.pth").toString(),
                "--size", "64", "--data", scenes64.toString(), "--pairs", "3", "--control", "0", "--steps", "4",
                "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode g = new ObjectMapper().readTree(json.toFile()).get("groups");
        assertThat(g).hasSize(1);
        List<String> ids = new ArrayList<>();
        g.get(0).get("methods").forEach(m -> ids.add(m.get("method").asText()));
        assertThat(ids).containsExactly("none", "grad-input", "integrated-gradients", "uniform", "random");
    }

    @Test
    void mistakesAreOneLine() {
        CliRunner.Result cnn = CliRunner.run("faithfulness", "--weights", Fixtures.fixture("resnet_tiny.pth").toString(),
                "--size", "64", "--data", scenes64.toString(), "--methods", "none,rollout");
        assertThat(cnn.exitCode()).isEqualTo(2);
        assertThat(cnn.problem()).isEqualTo("pairviz: --methods rollout needs a transformer's attention; "
                + "resnet_tiny.pth is a CNN: use none,grad-input,integrated-gradients,uniform,random");
        CliRunner.Result method = vit("--methods", "reference,best");
        assertThat(method.exitCode()).isEqualTo(2);
        assertThat(method.problem()).isEqualTo("pairviz: unknown method 'best': use reference, reference/min, "
                + "reference/max, conservative, conservative/min, conservative/max, none, grad-rollout, "
                + "smooth-grad-rollout, grad-input, integrated-gradients, rollout, uniform, random");
        CliRunner.Result data = CliRunner.run("faithfulness", "--weights", Fixtures.fixture("vit_tiny.safetensors").toString(),
                "--data", tmp.resolve("nowhere").toString());
        assertThat(data.exitCode()).isEqualTo(2);
        assertThat(data.problem()).isEqualTo("pairviz: --data " + tmp.resolve("nowhere") + ": no such folder");
        CliRunner.Result steps = CliRunner.run("faithfulness", "--weights", Fixtures.fixture("vit_tiny.safetensors").toString(),
                "--heads", "4", "--data", scenes32.toString(), "--steps", "0");
        assertThat(steps.problem()).isEqualTo("pairviz: --steps must be at least 1, not 0");
    }

    @Test
    void measuresPartnerSpecificityOnAnyFolderOfPhotosByConstruction() throws IOException {
        Path json = tmp.resolve("photos.json");
        CliRunner.Result r = CliRunner.run("faithfulness", "--weights", Fixtures.fixture("vit_tiny.safetensors").toString(),
                "--heads", "4", "--photos", Fixtures.fixture("photos").toString(), "--triplets", "6", "--pairs", "4",
                "--control", "2", "--steps", "2", "--methods", "conservative,grad-rollout,uniform", "--change", "gamma",
                "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("**partner specificity: 6 triplets** (A a photo", "| grad-rollout |",
                "**same-class pairs: 4**", "**different-class pairs: 2**", "4 photos");
        JsonNode got = new ObjectMapper().readTree(json.toFile());
        assertThat(got.get("setup").get("change").asText()).isEqualTo("gamma");
        JsonNode uniform = got.get("partner").get("methods").get(2);
        assertThat(uniform.get("method").asText()).isEqualTo("uniform");
        assertThat(uniform.get("specificity").get("mean").asDouble()).isEqualTo(0.5);
        assertThat(uniform.get("specificity").get("n").asInt()).isEqualTo(6);
        // the shared half is the ground truth: a uniform map puts half its mass on it
        JsonNode same = got.get("groups").get(0);
        assertThat(same.toString()).contains("uniform");
    }

    @Test
    void photosAndDataAreOneOrTheOther() {
        CliRunner.Result both = CliRunner.run("faithfulness", "--weights", Fixtures.fixture("vit_tiny.safetensors").toString(),
                "--heads", "4", "--photos", Fixtures.fixture("photos").toString(), "--data", scenes32.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--data", "--photos").doesNotContain("Exception");
        CliRunner.Result change = CliRunner.run("faithfulness", "--weights", Fixtures.fixture("vit_tiny.safetensors").toString(),
                "--heads", "4", "--data", scenes32.toString(), "--change", "blur");
        assertThat(change.exitCode()).isEqualTo(2);
        assertThat(change.err()).contains("--change applies to --photos");
    }
}

package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.testutil.Fixtures;

/** {@code rollout}, {@code demo} and the top-level command line. */
class OtherCommandsTest {
    @TempDir Path tmp;

    @Test
    void rolloutWritesTheOutputAgnosticMapOfTheReference() throws IOException {
        Path json = tmp.resolve("r.jsonl");
        CliRunner.Result r = CliRunner.run("rollout", Fixtures.fixture("blob0_32.png").toString(), "--weights",
                Fixtures.fixture("vit_tiny.safetensors").toString(), "--heads", "4", "--head-fusion", "max",
                "--start-layer", "1", "--out", tmp.toString(), "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(tmp.resolve("blob0_32_rollout.png")).isRegularFile();
        JsonNode got = new ObjectMapper().readTree(Files.readAllLines(json).get(0));
        JsonNode want = Fixtures.fixtureJson("expected_vit_tiny.json").get("images").get(0).get("output_agnostic").get("max").get("1");
        float[] g = Fixtures.floats(got.get("map"));
        float[] w = Fixtures.floats(want);
        for (int i = 0; i < w.length; i++) {
            assertThat((double) g[i]).isCloseTo(w[i], within(1e-5));
        }
    }

    @Test
    void rolloutOfACnnIsOneClearLine() {
        CliRunner.Result r = CliRunner.run("rollout", Fixtures.fixture("blob0_64.png").toString(), "--weights",
                Fixtures.fixture("resnet_tiny.pth").toString(), "--size", "64", "--out", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).startsWith("pairviz: rollout needs a transformer").doesNotContain("\n");
    }

    @Test
    void demoWithoutShippedModelsReportsOnAnUntrainedViT() throws IOException {
        CliRunner.Result r = CliRunner.run("demo", "--out", tmp.resolve("demo").toString(), "--models",
                tmp.resolve("no-models").toString(), "--classes", "3", "--per-class", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path dir = tmp.resolve("demo");
        assertThat(dir.resolve("random-vit/class0-0_class0-1_pair.png")).isRegularFile();
        assertThat(dir.resolve("random-vit/class0-0_class1-0_pair.png")).isRegularFile();
        assertThat(dir.resolve("matrix.png")).isRegularFile();
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("Retrieval on unseen classes").contains("untrained ViT").contains("data:image/png;base64,");
    }

    @Test
    void unknownCommandAndMissingCommandFailWithoutAStackTrace() {
        CliRunner.Result r = CliRunner.run("explian");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("explian").doesNotContain("\tat ");
        assertThat(r.problem().lines()).hasSize(1);
        CliRunner.Result none = CliRunner.run();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.problem()).isEqualTo("pairviz: missing command (see 'pairviz --help')");
        CliRunner.Result extra = CliRunner.run("explain", "a", "b", "c", "--weights", "w.pth");
        assertThat(extra.problem()).isEqualTo("pairviz: Unmatched argument at index 3: 'c' (see 'pairviz explain --help')");
    }
}

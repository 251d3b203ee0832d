package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.testutil.Fixtures;

/** The command line with an ONNX model as {@code --weights}: explain end to end, broken files refused. */
class OnnxCommandsTest {
    @TempDir Path tmp;

    static String fixture(String name) {
        return Fixtures.fixture(name).toString();
    }

    @Test
    void explainMakesGradRolloutMapsOfAnOnnxVitByDefault() throws IOException {
        Path json = tmp.resolve("pair.json");
        CliRunner.Result r = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"),
                "--weights", fixture("onnx/vit_tiny_op17.onnx"), "--no-pictures", "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode got = new ObjectMapper().readTree(json.toFile());
        assertThat(got.get("mode").asText()).isEqualTo("grad-rollout");
        assertThat(got.get("grid").toString()).isEqualTo("[4,4]");
    }

    @Test
    void explainDecomposesAnOnnxResNetByDefaultAndItsMapsSumToTheScore() throws IOException {
        Path json = tmp.resolve("pair.json");
        CliRunner.Result r = CliRunner.run("explain", fixture("torchvision_resnet/blob0_96.png"),
                fixture("torchvision_resnet/blob1_96.png"), "--weights", fixture("onnx/resnet_basic.onnx"),
                "--no-pictures", "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode got = new ObjectMapper().readTree(json.toFile());
        assertThat(got.get("mode").asText()).isEqualTo("none");
        assertThat(got.get("grid").toString()).isEqualTo("[3,3]");
        assertThat(got.get("a").get("sum").asDouble()).isCloseTo(got.get("score").asDouble(), within(1e-5));
        assertThat(got.get("b").get("sum").asDouble()).isCloseTo(got.get("score").asDouble(), within(1e-5));
    }

    @Test
    void aTruncatedOnnxFileIsRefusedInOneLineWithExitTwo() throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.fixture("onnx/resnet_basic.onnx"));
        Path cut = tmp.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 3));
        Path renamed = tmp.resolve("cut.bin"); // recognised by its content, not its name
        Files.write(renamed, Arrays.copyOf(whole, whole.length / 3));
        for (Path f : new Path[] {cut, renamed}) {
            CliRunner.Result r = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"),
                    "--weights", f.toString(), "--out", tmp.resolve("out").toString());
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.problem()).startsWith("pairviz: ONNX model " + f.getFileName() + " is truncated or corrupt")
                    .doesNotContain("\n").doesNotContain("Exception");
        }
    }
}

package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.store.EmbeddingFiles;
import pairviz.store.LabelledEmbeddings;
import pairviz.explain.Vectors;
import pairviz.testutil.Fixtures;

/**
 * torchvision's own ResNets through the command line ({@code --model auto}): inspect, embed and
 * explain give what torchvision computes (src/test/python/make_torchvision_resnet_fixtures.py);
 * train refuses to start from one.
 */
class TorchvisionResNetCliTest {
    static final Path DIR = Fixtures.fixture("torchvision_resnet");

    @TempDir Path tmp;

    static JsonNode expected(String model) {
        return Fixtures.json("fixtures/torchvision_resnet/expected_" + model + ".json");
    }

    static String image(int i) {
        return DIR.resolve("blob" + i + "_96.png").toString();
    }

    @Test
    void inspectSaysWhatItRead() {
        CliRunner.Result r = CliRunner.run("inspect", DIR.resolve("bottleneck.pth").toString(), "--size", "96");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("family:       torchvision-resnet")
                .contains("architecture: ResNet-17 (bottleneck blocks [1, 2, 1, 1], stem 8, planes 4, 16-d embedding head,"
                        + " 96x96 input)")
                .contains("tokens:       9 on a 3 x 3 grid").contains("embedding:    16-d")
                .contains("ignored:      20 BatchNorm num_batches_tracked counters (training bookkeeping)");
    }

    @Test
    void explainScoresWithTorchvisionsCosineAndTheMapsSumToIt() throws Exception {
        for (String mode : List.of("auto", "reference")) {
            Path json = tmp.resolve(mode + ".json");
            CliRunner.Result r = CliRunner.run("explain", image(0), image(2), "--weights",
                    DIR.resolve("grouped.pth").toString(), "--size", "96", "--resize", "squash", "--mode", mode, "--no-pictures",
                    "--json", json.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode got = new ObjectMapper().readTree(json.toFile());
            double cosine = expected("grouped").get("cosine").get("0-2").asDouble();
            assertThat(got.get("score").asDouble()).isCloseTo(cosine, within(1e-4));
            assertThat(got.get("a").get("sum").asDouble()).isCloseTo(cosine, within(1e-4));
            assertThat(got.get("b").get("sum").asDouble()).isCloseTo(cosine, within(1e-4));
            assertThat(got.get("rollout_applied").asBoolean()).isFalse();
        }
    }

    @Test
    void embedWritesTorchvisionsEmbeddings() throws Exception {
        Path data = tmp.resolve("data");
        for (int i = 0; i < 3; i++) {
            Files.createDirectories(data.resolve("c" + i));
            Files.copy(Path.of(image(i)), data.resolve("c" + i).resolve("blob" + i + ".png"));
        }
        Path out = tmp.resolve("e.npy");
        CliRunner.Result r = CliRunner.run("embed", "--data", data.toString(), "--format", "folders", "--subset", "all",
                "--weights", DIR.resolve("basic.pth").toString(), "--size", "96", "--resize", "squash", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        LabelledEmbeddings e = EmbeddingFiles.readLabelled(out, tmp.resolve("e.labels.txt"));
        List<String> paths = Files.readAllLines(tmp.resolve("e.paths.txt"));
        JsonNode want = expected("basic").get("embeddings");
        for (int row = 0; row < paths.size(); row++) {
            int i = Integer.parseInt(paths.get(row).replaceAll(".*blob(\\d)\\.png$", "$1"));
            float[] got = e.embeddings().row(row);
            assertThat(Vectors.cosine(got, Fixtures.floats(want.get(i)))).isGreaterThanOrEqualTo(0.9999);
        }
    }

    @Test
    void trainRefusesToStartFromABatchNormResNet() throws Exception {
        Path scenes = tmp.resolve("scenes");
        assertThat(CliRunner.run("data", "scenes", "--out", scenes.toString(), "--classes", "4", "--per-class", "2",
                "--size", "32", "--seed", "3", "--quiet").exitCode()).isZero();
        CliRunner.Result r = CliRunner.run("train", "--data", scenes.toString(), "--model", "resnet-tiny", "--init",
                DIR.resolve("basic.pth").toString(), "--iterations", "1", "--batch-classes", "2", "--batch-per-class",
                "2", "--quiet", "--threads", "1", "--out", tmp.resolve("run").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).isEqualTo("pairviz: --init basic.pth holds a ResNet-12 (basic blocks [2, 1, 1, 1],"
                + " stem 8, planes 4, 12-d embedding head, 224x224 input); training starts only from a BiT ResNet-v2 like"
                + " the network it trains");
    }
}

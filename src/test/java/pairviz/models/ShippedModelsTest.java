package pairviz.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pairviz.cli.Main;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import picocli.CommandLine;

/**
 * The models shipped in {@code models/}: they load, their manifests say how they were made, and
 * they still retrieve scenes of classes they never saw (a seed no training run used).
 */
class ShippedModelsTest {
    private static final Path MODELS = Path.of("models");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"scenes-vit", "scenes-resnet"})
    void retrievesUnseenClassesAndSaysHowItWasMade(String name) throws Exception {
        Path weights = MODELS.resolve(name + ".safetensors");
        assertThat(weights).as("shipped model").exists();
        assertThat(Files.size(weights)).isLessThan(12L << 20);
        JsonNode manifest = new ObjectMapper().readTree(MODELS.resolve(name + ".json").toFile());
        assertThat(manifest.get("command").asText()).startsWith("pairviz train ");
        assertThat(manifest.get("metrics").get("recall_at_1").asDouble()).isGreaterThan(0.5);

        int size;
        try (EmbeddingModel m = EmbeddingModel.load(weights, ModelOptions.auto())) {
            size = m.config().imageSize();
        }
        Path scenes = dir.resolve("scenes");
        assertThat(run("data", "scenes", "--out", scenes.toString(), "--classes", "12", "--per-class", "8",
                "--size", Integer.toString(size), "--seed", "424242", "--quiet")).isZero();
        Path json = dir.resolve("m.json");
        assertThat(run("evaluate", "--weights", weights.toString(), "--data", scenes.toString(), "--subset", "all",
                "--json", json.toString())).isZero();
        JsonNode metrics = new ObjectMapper().readTree(json.toFile());
        assertThat(metrics.get("queries").asInt()).isEqualTo(96);
        // Chance is 7/95 = 0.07.
        assertThat(metrics.get("recall_at_1").asDouble()).as(name + " Recall@1 on 12 unseen classes").isGreaterThan(0.6);
    }

    private static int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        if (code != 0) {
            System.err.println(err);
        }
        return code;
    }
}

package pairviz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.cli.Main;
import pairviz.explain.Mode;
import pairviz.image.ResizePolicy;
import pairviz.loading.ModelOptions;
import pairviz.testutil.Fixtures;
import pairviz.util.JsonFiles;

/** The Java API prepares photos with the model's preprocessing, as {@code pairviz explain} does. */
class PairvizPreprocessingTest {
    @TempDir Path tmp;

    @Test
    void aCenterCropModelScoresAsTheCommandLine() throws IOException {
        Path a = Fixtures.fixture("odd_50x37.png"); // not square: the crop keeps its centre
        Path b = Fixtures.fixture("blob1_64.png");
        Path json = tmp.resolve("cli.json");
        assertThat(Main.run("explain", a.toString(), b.toString(), "--weights", Fixtures.fixture("vit_tiny.pth").toString(),
                "--heads", "4", "--resize", "center-crop", "--crop", "0.875", "--mode", "conservative", "--no-pictures",
                "--json", json.toString())).isZero();
        double cli = JsonFiles.MAPPER.readTree(json.toFile()).get("score").asDouble();
        double crop;
        double squash;
        try (Pairviz pv = Pairviz.builder().setWeights(Fixtures.fixture("vit_tiny.pth"))
                .optModelOptions(ModelOptions.builder().optHeads(4).optResize(ResizePolicy.CENTER_CROP)
                        .optCropFraction(0.875).build())
                .optMode(Mode.CONSERVATIVE).build()) {
            crop = pv.explain(a, b).score();
        }
        try (Pairviz pv = Pairviz.builder().setWeights(Fixtures.fixture("vit_tiny.pth"))
                .optModelOptions(ModelOptions.auto().withHeads(4)).optMode(Mode.CONSERVATIVE).build()) {
            squash = pv.explain(a, b).score();
        }
        assertThat(crop).isCloseTo(cli, within(1e-6));
        assertThat(Math.abs(squash - cli)).as("the check can tell a squash").isGreaterThan(1e-4);
    }
}

package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.image.Normalization;
import pairviz.image.PixelRange;
import pairviz.image.Preprocessing;
import pairviz.image.ResizePolicy;
import pairviz.loading.CheckpointMetadata;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.testutil.Fixtures;

/** {@code pairviz bench} times the pairs as {@code explain} makes them: photos prepared as the model says. */
class BenchCommandTest {
    @TempDir Path tmp;

    @Test
    void benchPreparesPhotosWithTheModelsOwnPreprocessing() throws IOException {
        // a checkpoint whose metadata says center-crop and 0..255 (no flag could say it: bench has none)
        Map<String, String> meta = new LinkedHashMap<>(Map.of("heads", "4"));
        meta.putAll(CheckpointMetadata.of(new Preprocessing(32, ResizePolicy.CENTER_CROP, 0.875, "bilinear",
                PixelRange.BYTE, new Normalization(new float[] {127.5f, 127.5f, 127.5f}, new float[] {64, 64, 64}),
                false, Map.of())));
        Path weights = tmp.resolve("crop.safetensors");
        SafetensorsWriter.write(weights, Checkpoints.read(Fixtures.fixture("vit_tiny.safetensors")), meta);
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        Files.copy(Fixtures.fixture("odd_50x37.png"), photos.resolve("odd.png")); // not square: cropped, not squashed
        Files.copy(Fixtures.fixture("blob0_64.png"), photos.resolve("blob.png"));

        CliRunner.Result r = CliRunner.run("bench", "--weights", weights.toString(), "--images", photos.toString(),
                "--pairs", "1", "--warmup", "0", "--modes", "reference");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("photos prepared as the model says: center-crop (crop 0.875), bilinear, pixels 0..255")
                .contains("mode reference, per pair");
    }
}

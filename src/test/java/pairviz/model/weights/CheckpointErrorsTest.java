package pairviz.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

/** Writing safetensors, and one clear line for every broken checkpoint. */
class CheckpointErrorsTest {
    @TempDir Path tmp;

    static StateDict sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("a.weight", new Tensor(new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, Float.MIN_VALUE, 1e30f}));
        m.put("b", new Tensor(new long[] {1}, new float[] {42}));
        return StateDict.of(m);
    }

    @Test
    void safetensorsRoundTripKeepsNamesOrderValuesAndMetadata() throws IOException {
        Path f = tmp.resolve("w.safetensors");
        SafetensorsWriter.write(f, sample(), Map.of("heads", "3"));
        StateDict back = Checkpoints.read(f);
        assertThat(back.names()).containsExactly("a.weight", "b");
        assertThat(back.get("a.weight").shape()).containsExactly(2, 3);
        assertThat(back.get("a.weight").data()).containsExactly(sample().get("a.weight").data());
        assertThat(Checkpoints.readSafetensorsMetadata(f)).containsEntry("heads", "3");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).containsExactly(f); // no temporary file left behind
        }
    }

    void assertOneLine(Path file, String... fragments) {
        assertThatThrownBy(() -> Checkpoints.read(file))
                .isInstanceOf(PairvizException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("\n").contains(file.getFileName().toString());
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
    }

    @Test
    void brokenCheckpoints() throws IOException {
        assertOneLine(tmp.resolve("missing.pth"));
        assertOneLine(Files.createDirectory(tmp.resolve("dir.pth")));
        assertOneLine(Files.write(tmp.resolve("empty.pth"), new byte[0]));
        assertOneLine(Files.writeString(tmp.resolve("text.pth"), "not a checkpoint at all"), "not a checkpoint");
        Path good = tmp.resolve("good.safetensors");
        SafetensorsWriter.write(good, sample(), Map.of());
        byte[] bytes = Files.readAllBytes(good);
        assertOneLine(Files.write(tmp.resolve("cut.safetensors"), Arrays.copyOf(bytes, bytes.length - 8)));
        byte[] pth = Files.readAllBytes(Path.of("src/test/resources/fixtures/vit_tiny.pth"));
        assertOneLine(Files.write(tmp.resolve("cut.pth"), Arrays.copyOf(pth, pth.length * 2 / 3)), "truncated or corrupt");
    }
}

package pairviz.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

class SafetensorsWriterTest {
    @TempDir
    Path tmp;

    private static StateDict sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("zeta.weight", Tensor.of(new float[] {1.5f, -2f, Float.NaN, -0f, Float.POSITIVE_INFINITY, 3e-42f}, 2, 3));
        m.put("alpha", Tensor.of(new float[] {7f}));          // scalar
        m.put("empty", Tensor.of(new float[0], 0, 4));
        m.put("mid.bias", Tensor.of(new float[] {0.25f, 0.5f, 0.75f}, 3));
        return StateDict.of(m);
    }

    @Test
    void roundTripKeepsValuesShapesAndOrder() {
        Path file = tmp.resolve("out.safetensors");
        StateDict dict = sample();
        SafetensorsWriter.write(file, dict, Map.of());
        StateDict back = Checkpoints.read(file);
        assertThat(back.names()).containsExactly("zeta.weight", "alpha", "empty", "mid.bias");
        assertThat(back).isEqualTo(dict); // shapes and values (Arrays.equals: NaN == NaN, -0 != 0)
        assertThat(back.get("alpha").shapeString()).isEqualTo("[]");
        assertThat(Checkpoints.readSafetensorsMetadata(file)).isEmpty();
    }

    @Test
    void roundTripOfEveryFixtureFormat() {
        for (String fixture : List.of("torch_zip.pth", "weights.npz", "weights.safetensors")) {
            StateDict original = Checkpoints.read(WeightFixtures.file(fixture));
            Path file = tmp.resolve(fixture + ".safetensors");
            SafetensorsWriter.write(file, original, null);
            WeightFixtures.assertMatches(Checkpoints.read(file), WeightFixtures.expectedTensors(fixture));
        }
    }

    @Test
    void metadataRoundTrip() {
        Path file = tmp.resolve("meta.safetensors");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", "vit_b16.pth");
        meta.put("note", "quotes \" and ünïcode");
        SafetensorsWriter.write(file, sample(), meta);
        assertThat(Checkpoints.readSafetensorsMetadata(file)).containsExactlyEntriesOf(meta);
        assertThat(Checkpoints.read(file)).isEqualTo(sample());
    }

    @Test
    void layoutFollowsTheFormat() throws IOException {
        Path file = tmp.resolve("layout.safetensors");
        SafetensorsWriter.write(file, sample(), Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertThat(n % 8).isZero();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{\"__metadata__\":{\"k\":\"v\"},\"zeta.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],"
                + "\"data_offsets\":[0,24]},\"alpha\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[24,28]}");
        assertThat(header.strip()).endsWith("}");
        assertThat(bytes.length).isEqualTo(8 + n + (6 + 1 + 0 + 3) * 4);
        buf.position((int) (8 + n));
        assertThat(buf.getFloat()).isEqualTo(1.5f); // little-endian float32 data right after the header
    }

    @Test
    void leavesNoTemporaryFileBehind() throws IOException {
        Path file = tmp.resolve("clean.safetensors");
        SafetensorsWriter.write(file, sample(), null);
        SafetensorsWriter.write(file, sample(), Map.of("again", "yes")); // overwrite
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).containsExactly(file);
        }
        assertThat(Checkpoints.readSafetensorsMetadata(file)).containsEntry("again", "yes");
    }

    @Test
    void unwritableTargetFailsCleanly() throws IOException {
        Path notADir = Files.writeString(tmp.resolve("plain.txt"), "x");
        Path file = notADir.resolve("out.safetensors");
        assertThatThrownBy(() -> SafetensorsWriter.write(file, sample(), null))
                .isInstanceOf(PairvizException.class)
                .hasMessageStartingWith("cannot write " + file);
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).containsExactly(notADir);
        }
    }

    @Test
    void metadataNameIsReserved() {
        StateDict bad = StateDict.of(Map.of("__metadata__", Tensor.of(new float[] {1}, 1)));
        assertThatThrownBy(() -> SafetensorsWriter.write(tmp.resolve("x.safetensors"), bad, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

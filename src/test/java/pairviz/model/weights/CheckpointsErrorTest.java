package pairviz.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Collections;
import java.util.function.BiFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import net.razorvine.pickle.Pickler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pairviz.PairvizException;

/** Every bad input gives a PairvizException with one line naming the file. */
class CheckpointsErrorTest {
    @TempDir
    Path tmp;

    private static void assertFails(Path file, String problem) {
        assertThatThrownBy(() -> Checkpoints.read(file))
                .isInstanceOf(PairvizException.class)
                .hasMessage("checkpoint " + file + " " + problem);
    }

    private static void assertFailsStartingWith(Path file, String problemStart) {
        assertThatThrownBy(() -> Checkpoints.read(file))
                .isInstanceOf(PairvizException.class)
                .hasMessageStartingWith("checkpoint " + file + " " + problemStart)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void missingFile() {
        assertFails(tmp.resolve("nope.pth"), "does not exist");
    }

    @Test
    void directory() {
        assertFails(tmp, "is a directory, not a file");
    }

    @Test
    void emptyFile() throws IOException {
        assertFails(Files.createFile(tmp.resolve("empty.pth")), "is empty");
    }

    @Test
    void pngImage() throws IOException {
        Path png = Files.write(tmp.resolve("photo.pth"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13});
        assertFails(png, "is not a checkpoint (it is a PNG image; expected a PyTorch .pth/.pt, a .safetensors or a .npz file)");
    }

    @Test
    void textFile() throws IOException {
        Path txt = Files.writeString(tmp.resolve("notes.safetensors"), "these are not weights\n");
        assertFails(txt, "is not a checkpoint (unrecognised content; expected a PyTorch .pth/.pt, a .safetensors or a .npz file)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"torch_zip.pth", "weights.npz"})
    void zipCutInHalf(String fixture) throws IOException {
        Path cut = cutInHalf(fixture);
        assertFailsStartingWith(cut, "is truncated or corrupt (zip: ");
    }

    @Test
    void legacyCutInHalf() throws IOException {
        assertFails(cutInHalf("torch_legacy.pth"), "is truncated (pickle data ends early)");
    }

    @Test
    void legacyMissingItsLastBytes() throws IOException {
        byte[] all = Files.readAllBytes(WeightFixtures.file("torch_legacy.pth"));
        Path cut = Files.write(tmp.resolve("torch_legacy.pth"), Arrays.copyOf(all, all.length - 3));
        assertFailsStartingWith(cut, "is truncated or corrupt (storage ");
    }

    @Test
    void safetensorsCutInHalf() throws IOException {
        assertFailsStartingWith(cutInHalf("weights.safetensors"), "is truncated or corrupt (safetensors header needs ");
    }

    @Test
    void safetensorsMissingItsLastBytes() throws IOException {
        byte[] all = Files.readAllBytes(WeightFixtures.file("weights.safetensors"));
        Path cut = Files.write(tmp.resolve("w.safetensors"), Arrays.copyOf(all, all.length - 2));
        assertFailsStartingWith(cut, "is truncated or corrupt (data of 'module.scalar' ends at byte ");
    }

    @Test
    void corruptPickle() throws IOException {
        Path file = tmp.resolve("garbage.pth");
        zip(file, Map.of("archive/data.pkl", new byte[] {(byte) 0x80, 2, (byte) 0xff, 1, 2, 3}));
        assertFailsStartingWith(file, "is corrupt (pickle: ");
    }

    @Test
    void missingStorageEntry() throws IOException {
        Path file = tmp.resolve("torch_zip.pth");
        repack(WeightFixtures.file("torch_zip.pth"), file, (name, data) -> name.endsWith("/data/3") ? null : data);
        assertFails(file, "is truncated or corrupt (storage data/3 is missing from the archive)");
    }

    @Test
    void shortStorageEntry() throws IOException {
        Path file = tmp.resolve("torch_zip.pth");
        repack(WeightFixtures.file("torch_zip.pth"), file,
                (name, data) -> name.endsWith("/data/0") ? Arrays.copyOf(data, 10) : data);
        assertFails(file, "is truncated or corrupt (storage data/0 has 10 bytes, expected 96)");
    }

    @Test
    void unsupportedTorchDtype() {
        Path file = WeightFixtures.file("torch_complex.pth");
        assertFails(file, "has tensor 'w' of unsupported type ComplexFloatStorage");
    }

    @Test
    void unsupportedSafetensorsDtype() throws IOException {
        Path file = safetensors("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]);
        assertFails(file, "has tensor 'w' of unsupported type F8_E4M3");
    }

    @Test
    void safetensorsOffsetsThatDoNotFitTheShape() throws IOException {
        Path file = safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
        assertFailsStartingWith(file, "is truncated or corrupt (safetensors entry 'w' has data_offsets [0,8] that do not fit");
    }

    @Test
    void safetensorsBadJson() throws IOException {
        Path file = safetensors("{\"w\": [1, 2", new byte[0]);
        assertFailsStartingWith(file, "is truncated or corrupt (safetensors header is not valid JSON: ");
    }

    @Test
    void unsupportedNumpyDtype() throws IOException {
        Path file = tmp.resolve("complex.npz");
        zip(file, Map.of("w.npy", npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8])));
        assertFails(file, "has tensor 'w' of unsupported type '<c8'");
    }

    @Test
    void truncatedNpyData() throws IOException {
        Path file = tmp.resolve("short.npz");
        zip(file, Map.of("w.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", new byte[8])));
        assertFails(file, "is truncated or corrupt (array 'w' ends early)");
    }

    @Test
    void singleNpyArray() throws IOException {
        Path file = Files.write(tmp.resolve("w.npy"), npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]));
        assertFails(file, "is a single NumPy array (.npy), not a set of named weights (save them with numpy.savez)");
    }

    @Test
    void zipThatIsNeitherTorchNorNpz() throws IOException {
        Path file = tmp.resolve("docs.zip");
        zip(file, Map.of("readme.txt", "hello".getBytes(StandardCharsets.UTF_8)));
        assertFails(file, "is a zip archive but neither a PyTorch checkpoint (no data.pkl) nor a NumPy .npz");
    }

    @Test
    void plainPickleIsNotATorchCheckpoint() throws IOException {
        Path file = Files.write(tmp.resolve("obj.pkl"), new Pickler().dumps(Map.of("a", 1)));
        assertFails(file, "is a Python pickle but not a torch.save checkpoint");
    }

    @Test
    void torchArchiveWithoutTensors() throws IOException {
        Path file = tmp.resolve("meta.pth");
        zip(file, Map.of("archive/data.pkl", new Pickler().dumps(Map.of("epoch", 3))));
        assertFails(file, "holds no model weights (no dict of tensors found; top level is a dict of 1 entries)");
    }

    @Test
    void safetensorsWithoutTensors() throws IOException {
        Path file = safetensors("{\"__metadata__\":{\"a\":\"b\"}}", new byte[0]);
        assertFails(file, "holds no tensors");
    }

    @Test
    void metadataOfNonSafetensorsFile() {
        Path file = WeightFixtures.file("torch_zip.pth");
        assertThatThrownBy(() -> Checkpoints.readSafetensorsMetadata(file))
                .isInstanceOf(PairvizException.class)
                .hasMessage("checkpoint " + file + " is not a .safetensors file");
    }

    // ---- helpers that make broken files ----

    private Path cutInHalf(String fixture) throws IOException {
        byte[] all = Files.readAllBytes(WeightFixtures.file(fixture));
        return Files.write(tmp.resolve(fixture), Arrays.copyOf(all, all.length / 2));
    }

    private Path safetensors(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h).put(data);
        return Files.write(tmp.resolve("crafted.safetensors"), buf.array());
    }

    private static byte[] npy(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h).put(data);
        return buf.array();
    }

    private static void zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream out = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
            }
        }
    }

    /** Copies a zip, passing every entry through {@code edit} (null drops it). */
    private static void repack(Path from, Path to, BiFunction<String, byte[], byte[]> edit) throws IOException {
        try (ZipFile zin = new ZipFile(from.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry e : Collections.list(zin.entries())) {
                byte[] data;
                try (InputStream in = zin.getInputStream(e)) {
                    data = edit.apply(e.getName(), in.readAllBytes());
                }
                if (data != null) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    out.write(data);
                }
            }
        }
    }
}

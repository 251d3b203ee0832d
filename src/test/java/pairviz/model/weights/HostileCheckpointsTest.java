package pairviz.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

/**
 * Files made to hurt the reader: sizes that would exhaust memory, calls of arbitrary Python,
 * overlapping or changed data. Each is refused in one line before anything large is allocated
 * (the timeout would catch a reader that inflated or allocated gigabytes first).
 */
@Timeout(10)
class HostileCheckpointsTest {
    @TempDir
    Path tmp;

    private static void assertRefused(Path file, String problem) {
        assertThatThrownBy(() -> Checkpoints.read(file))
                .isInstanceOf(PairvizException.class)
                .hasMessage("checkpoint " + file + " " + problem);
    }

    @Test
    void reduceCallingOsSystemIsRefusedNamingTheGlobal() {
        Path file = WeightFixtures.file("hostile_system.pth");
        assertRefused(file, "calls posix.system, which a state dict never contains; refused as unsafe");
    }

    @Test
    void flippedByteInATensorRecordFailsItsCrc() {
        Path file = WeightFixtures.file("hostile_flipped.pth");
        assertRefused(file, "is truncated or corrupt (storage data/0 fails its zip CRC check (the bytes were changed))");
    }

    @Test
    void legacyPickleDeclaringA2GbStringIsRefusedFromItsLength() throws IOException {
        Path file = write("string.pth", bytes(0x80, 2, 'X', 0xff, 0xff, 0xff, 0x7f), ascii("abcdefghij"));
        assertRefused(file, "is truncated or corrupt (the pickle declares a string of 2147483647 bytes where only 10 bytes are left)");
    }

    @Test
    void legacyPickleDeclaringA2GbLongIsRefused() throws IOException {
        Path file = write("long.pth", bytes(0x80, 2, 0x8b, 0xff, 0xff, 0xff, 0x7f), ascii("0123456789"));
        assertRefused(file, "is truncated or corrupt (the pickle declares an integer of 2147483647 bytes where only 10 bytes are left)");
    }

    @Test
    void longThatFitsTheFileButNoStateDictIsRefused() throws IOException {
        byte[] digits = new byte[8192];
        Path file = write("long.pth", bytes(0x80, 2, 0x8b, 0, 0x20, 0, 0), digits, bytes('.'));
        assertRefused(file, "is truncated or corrupt (the pickle declares an integer of 8192 bytes, more than a state dict holds (at most 4096))");
    }

    @Test
    void bytes8DeclaringExabytesIsRefused() throws IOException {
        Path file = write("bytes8.pth", bytes(0x80, 4, 0x8e, 0, 0, 0, 0, 0, 0, 0, 0x10), ascii("xyz"));
        assertRefused(file, "is truncated or corrupt (the pickle declares a bytes object of 1152921504606846976 bytes where only 3 bytes are left)");
    }

    @Test
    void zipPickleDeclaringA2GbStringIsRefused() throws IOException {
        Path file = tmp.resolve("zip.pth");
        zip(file, Map.of("archive/data.pkl", concat(bytes(0x80, 2, 'X', 0xff, 0xff, 0xff, 0x7f), ascii("abc."))));
        assertRefused(file, "is truncated or corrupt (the pickle declares a string of 2147483647 bytes where only 4 bytes are left)");
    }

    @Test
    void instCallingAGlobalIsRefused() throws IOException {
        Path file = tmp.resolve("inst.pth");
        zip(file, Map.of("archive/data.pkl", concat(bytes(0x80, 2, '('), ascii("X"), bytes(4, 0, 0, 0),
                ascii("echoiposix\nsystem\n."))));
        assertRefused(file, "calls posix.system, which a state dict never contains; refused as unsafe");
    }

    @Test
    void reduceOfBuiltinsEvalIsRefused() throws IOException {
        Path file = tmp.resolve("eval.pth");
        zip(file, Map.of("archive/data.pkl", concat(bytes(0x80, 2), ascii("cbuiltins\neval\nX"), bytes(1, 0, 0, 0),
                ascii("1"), bytes(0x85), ascii("R."))));
        assertRefused(file, "calls builtins.eval, which a state dict never contains; refused as unsafe");
    }

    @Test
    void reconstructorWithABaseOtherThanObjectIsRefused() throws IOException {
        Path file = tmp.resolve("recon.pth");
        zip(file, Map.of("archive/data.pkl", concat(bytes(0x80, 2), ascii("ccopyreg\n_reconstructor\n"),
                ascii("c__main__\nNet\ncsubprocess\nPopen\nN"), bytes(0x87), ascii("R."))));
        assertRefused(file, "calls subprocess.Popen, which a state dict never contains; refused as unsafe");
    }

    @Test
    void pickleEntryDeclaringFourGibFromFewCompressedBytesIsRefusedBeforeInflating() throws IOException {
        Path file = tmp.resolve("bomb.pth");
        copy(WeightFixtures.file("torch_zip.pth"), file);
        String pickle = pickleName(file);
        setDeclaredSize(file, pickle, 0xfffffff0L);
        assertThatThrownBy(() -> Checkpoints.read(file)).isInstanceOf(PairvizException.class)
                .hasMessageMatching("checkpoint .* is truncated or corrupt \\(data.pkl declares 4294967280 bytes but holds \\d+ "
                        + "compressed bytes, from which deflate cannot make that many\\)");
    }

    @Test
    void entryInflatingBeyondItsDeclaredSizeIsCutOff() throws IOException {
        Path file = tmp.resolve("grow.pth");
        copy(WeightFixtures.file("torch_zip.pth"), file);
        setDeclaredSize(file, pickleName(file), 100);
        assertRefused(file, "is truncated or corrupt (data.pkl inflates to more than the 100 bytes it declares)");
    }

    @Test
    void storageRecordLargerThanItsStorageIsRefusedBeforeReading() throws IOException {
        Path file = tmp.resolve("big.pth");
        Map<String, byte[]> entries = entries(WeightFixtures.file("torch_zip.pth"));
        String key = entries.keySet().stream().filter(n -> n.endsWith("/data/0")).findFirst().orElseThrow();
        entries.put(key, new byte[1 << 20]); // 1 MiB of zeros, deflated to about 1 KiB
        zip(file, entries);
        assertRefused(file, "is truncated or corrupt (storage data/0 has 1048576 bytes, expected 96)");
    }

    @Test
    void safetensorsWithEveryTensorAtOffsetZeroIsRefused() throws IOException {
        Path file = safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        assertRefused(file, "is truncated or corrupt (data of 'b' (bytes 0-8) overlaps that of 'a' (bytes 0-8))");
    }

    @Test
    void safetensorsWithOverlappingTensorsIsRefused() throws IOException {
        Path file = safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", new byte[16]);
        assertRefused(file, "is truncated or corrupt (data of 'b' (bytes 8-16) overlaps that of 'a' (bytes 0-12))");
    }

    @Test
    void safetensorsWithAdjacentTensorsAndAnEmptyOneIsRead() throws IOException {
        Path file = safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"e\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).array());
        StateDict dict = Checkpoints.read(file);
        assertThat(dict.get("a").data()).containsExactly(1.5f);
        assertThat(dict.get("b").data()).containsExactly(-2f);
        assertThat(dict.get("e").numel()).isZero();
    }

    @Test
    void npyDeclaringMoreValuesThanItsEntryHoldsIsRefused() throws IOException {
        Path file = tmp.resolve("huge.npz");
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000,), }";
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer npy = ByteBuffer.allocate(10 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        npy.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h);
        zip(file, Map.of("w.npy", npy.array()));
        assertThatThrownBy(() -> Checkpoints.read(file)).isInstanceOf(PairvizException.class)
                .hasMessageMatching("checkpoint .* is truncated or corrupt \\(array 'w' declares 1000000000 values, "
                        + "more than its \\d+ bytes hold\\)");
    }

    @Test
    void weightsBeyondTheMemoryLeftAreRefusedBeforeAllocating() {
        assertThatThrownBy(() -> RawData.checkMemory(Long.MAX_VALUE / 8))
                .isInstanceOf(BadCheckpoint.class)
                .hasMessageContaining("of memory Java has left");
        RawData.checkMemory(1000); // a small state dict passes
    }

    @Test
    void wholeModuleAndNumpyScalarsNextToTheWeightsStillLoad() {
        assertThat(Checkpoints.read(WeightFixtures.file("torch_whole_module.pth")).size()).isPositive();
        assertThat(Checkpoints.read(WeightFixtures.file("torch_wrapped.pth")).size()).isPositive();
    }

    // ---- helpers ----

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[]... parts) throws IOException {
        return Files.write(tmp.resolve(name), concat(parts));
    }

    private Path safetensors(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h).put(data);
        return Files.write(tmp.resolve("crafted.safetensors"), buf.array());
    }

    private static void zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream out = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
            }
        }
    }

    private static Map<String, byte[]> entries(Path zipFile) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }

    /** Rewrites a torch archive with every entry deflated (torch itself stores them). */
    private static void copy(Path from, Path to) throws IOException {
        zip(to, entries(from));
    }

    private static String pickleName(Path zipFile) throws IOException {
        return entries(zipFile).keySet().stream().filter(n -> n.endsWith("data.pkl")).findFirst().orElseThrow();
    }

    /** Patches the uncompressed size that the central directory declares for {@code name}. */
    private static void setDeclaredSize(Path zipFile, String name, long size) throws IOException {
        byte[] all = Files.readAllBytes(zipFile);
        byte[] key = ascii(name);
        for (int i = 0; i + 46 < all.length; i++) {
            if (all[i] == 'P' && all[i + 1] == 'K' && all[i + 2] == 1 && all[i + 3] == 2) {
                int nameLength = ByteBuffer.wrap(all, i + 28, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
                if (nameLength == key.length && java.util.Arrays.equals(all, i + 46, i + 46 + nameLength, key, 0, key.length)) {
                    ByteBuffer.wrap(all, i + 24, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) size);
                    Files.write(zipFile, all);
                    return;
                }
            }
        }
        throw new AssertionError(name + " not in the central directory");
    }
}

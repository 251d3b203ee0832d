package pairviz.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

/**
 * Float32 tensors of at least 64 KiB stay in the checkpoint's bytes (a read-only memory map)
 * instead of being copied: the values are the same as when they are read into arrays.
 */
class MappedCheckpointsTest {
    @TempDir
    Path tmp;

    /** resnet_tiny.pth, written by torch.save: its three large convolution weights are mapped. */
    private static final String BIG = "body.block2.unit01.conv2.weight"; // [64, 64, 3, 3]

    @Test
    void largeFloat32TensorsOfATorchArchiveAreMappedWithTheValuesOfADeflatedCopy() throws IOException {
        Path stored = pairviz.testutil.Fixtures.fixture("resnet_tiny.pth");
        Path deflated = rezip(stored, tmp.resolve("deflated.pth")); // no bytes to map: every storage is read
        StateDict mapped = Checkpoints.read(stored);
        StateDict read = Checkpoints.read(deflated);
        assertThat(mapped.get(BIG).mappedBytes()).isPresent();
        assertThat(read.get(BIG).mappedBytes()).isEmpty();
        assertThat(mapped.names()).containsExactlyElementsOf(read.names());
        long mappedCount = 0;
        for (String name : read.names()) {
            Tensor m = mapped.get(name);
            assertThat(m.shape()).as(name).isEqualTo(read.get(name).shape());
            assertThat(m.data()).as(name).isEqualTo(read.get(name).data());
            assertThat(m.mappedBytes().isPresent()).as(name).isEqualTo(m.numel() * 4 >= RawData.MAP_AT_LEAST);
            mappedCount += m.mappedBytes().isPresent() ? 1 : 0;
        }
        assertThat(mappedCount).isEqualTo(3);
    }

    @Test
    void aChangedByteInAMappedStorageFailsItsCrc() throws IOException {
        Path file = Files.copy(pairviz.testutil.Fixtures.fixture("resnet_tiny.pth"), tmp.resolve("changed.pth"));
        String storage;
        long offset;
        try (var zip = org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(file).get()) {
            var big = Collections.list(zip.getEntries()).stream().filter(e -> e.getSize() >= RawData.MAP_AT_LEAST)
                    .findFirst().orElseThrow();
            storage = "storage " + big.getName().substring(big.getName().indexOf("data/"));
            offset = big.getDataOffset() + big.getSize() / 2;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
            ch.write(one, offset);
        }
        assertThatThrownBy(() -> Checkpoints.read(file))
                .isInstanceOf(PairvizException.class)
                .hasMessage("checkpoint " + file + " is truncated or corrupt (" + storage
                        + " fails its zip CRC check (the bytes were changed))");
    }

    @Test
    void largeFloat32TensorsOfSafetensorsAreMappedSmallOnesAndOtherTypesRead() {
        float[] big = new float[128 * 128]; // 64 KiB
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) Math.sin(i) * 1e3f;
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("small", Tensor.of(new float[] {1, -2, 3}, 3));
        tensors.put("big", Tensor.of(big, 128, 128));
        Path file = tmp.resolve("w.safetensors");
        SafetensorsWriter.write(file, StateDict.of(tensors), Map.of());
        StateDict read = Checkpoints.read(file);
        assertThat(read.names()).containsExactly("small", "big");
        assertThat(read.get("big").mappedBytes()).isPresent();
        assertThat(read.get("small").mappedBytes()).isEmpty();
        assertThat(read.get("big")).isEqualTo(tensors.get("big"));
        assertThat(read.get("small")).isEqualTo(tensors.get("small"));
        assertThat(read.get("big").get(12345)).isEqualTo(big[12345]);
    }

    @Test
    void aViewOfAMappedTensorSharesItsBytes() {
        float[] values = new float[32768];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Tensor t = Tensor.mapped(new long[] {4, 8192}, bytes);
        Tensor row2 = t.view(2 * 8192, new long[] {8192});
        assertThat(row2.mappedBytes()).isPresent();
        assertThat(row2.get(0)).isEqualTo(16384f);
        assertThat(row2.data()[8191]).isEqualTo(24575f);
        bytes.putFloat((2 * 8192 + 5) * 4, -1f); // the same bytes: a change shows through the view
        assertThat(row2.get(5)).isEqualTo(-1f);
        assertThat(t.firstNonFinite()).isEqualTo(-1);
        bytes.putFloat(30000 * 4, Float.NaN);
        assertThat(t.firstNonFinite()).isEqualTo(30000);
        assertThatThrownBy(() -> t.view(32000, new long[] {1000})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tensor.mapped(new long[] {3}, ByteBuffer.allocate(12)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The archive {@code from} with every entry deflated. */
    private static Path rezip(Path from, Path to) throws IOException {
        try (ZipFile in = new ZipFile(from.toFile()); OutputStream os = Files.newOutputStream(to);
                ZipOutputStream out = new ZipOutputStream(os)) {
            for (ZipEntry e : Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream data = in.getInputStream(e)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return to;
    }
}

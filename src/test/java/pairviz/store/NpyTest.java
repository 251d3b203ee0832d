package pairviz.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsAndWritesNumpysLayout() throws Exception {
        Random rnd = new Random(3);
        float[] data = new float[37 * 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        data[3] = Float.MIN_VALUE;
        data[4] = -0f;
        FloatMatrix m = new FloatMatrix(37, 5, data);
        Path file = dir.resolve("sub/e.npy");
        Npy.write(file, m);
        assertThat(Npy.read(file)).isEqualTo(m);

        byte[] bytes = Files.readAllBytes(file);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (37, 5), }").endsWith(" \n");
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(bytes).hasSize(10 + headerLength + 37 * 5 * 4);
        assertThat(ByteBuffer.wrap(bytes, 10 + headerLength, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat())
                .isEqualTo(data[0]);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left
        }
    }

    @Test
    void rowsStreamedOneAtATimeGiveTheSameFileAndWrongCountsLeaveItUntouched() throws Exception {
        FloatMatrix m = new FloatMatrix(3, 2, new float[] {1, 2, 3, 4, 5, -0f});
        Path whole = dir.resolve("whole.npy");
        Path streamed = dir.resolve("streamed.npy");
        Npy.write(whole, m);
        Npy.write(streamed, 3, 2, java.util.List.of(m.row(0), m.row(1), m.row(2)).iterator());
        assertThat(Files.readAllBytes(streamed)).isEqualTo(Files.readAllBytes(whole));
        assertThatThrownBy(() -> Npy.write(streamed, 4, 2, java.util.List.of(m.row(0)).iterator()))
                .hasMessageContaining("1 rows came, not 4");
        assertThatThrownBy(() -> Npy.write(streamed, 3, 2, java.util.List.of(new float[3]).iterator()))
                .hasMessageContaining("row 0 has 3 values, not 2");
        assertThat(Files.readAllBytes(streamed)).isEqualTo(Files.readAllBytes(whole)); // untouched
    }

    @Test
    void readsAnEmptyMatrixAndVersion2Headers() throws Exception {
        Path empty = dir.resolve("empty.npy");
        Npy.write(empty, new FloatMatrix(0, 512, new float[0]));
        assertThat(Npy.read(empty).rows()).isZero();
        assertThat(Npy.read(empty).cols()).isEqualTo(512);

        Path v2 = write("v2.npy", 2, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1), }", 8);
        FloatMatrix m = Npy.read(v2);
        assertThat(m.rows()).isEqualTo(2);
        assertThat(m.cols()).isEqualTo(1);
    }

    @Test
    void readsNumpysOwnFile() {
        FloatMatrix m = Npy.read(Path.of("src/test/resources/eval/quant.npy"));
        assertThat(m.rows()).isEqualTo(400);
        assertThat(m.cols()).isEqualTo(22);
        for (float v : m.data()) {
            assertThat(v).isIn(-1f, 0f, 1f);
        }
    }

    @Test
    void badFilesAreOneLineErrors() throws Exception {
        Path f8 = write("f8.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }", 16);
        assertThatThrownBy(() -> Npy.read(f8)).isInstanceOf(PairvizException.class)
                .hasMessage(f8 + ": dtype '<f8' is not little-endian float32 ('<f4'); save with arr.astype('<f4')");
        Path big = write("be.npy", 1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 1), }", 8);
        assertThatThrownBy(() -> Npy.read(big)).hasMessageContaining("dtype '>f4' is not");
        Path fortran = write("fo.npy", 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 1), }", 8);
        assertThatThrownBy(() -> Npy.read(fortran))
                .hasMessage(fortran + ": is in Fortran order; save np.ascontiguousarray(arr) instead");
        Path threeD = write("3d.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 1), }", 8);
        assertThatThrownBy(() -> Npy.read(threeD))
                .hasMessage(threeD + ": holds a 3-D array, expected a 2-D matrix (rows x dimensions)");
        Path oneD = write("1d.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8);
        assertThatThrownBy(() -> Npy.read(oneD)).hasMessageContaining("holds a 1-D array");
        Path shortData = write("short.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 1), }", 8);
        assertThatThrownBy(() -> Npy.read(shortData)).isInstanceOf(PairvizException.class)
                .hasMessage(shortData + ": header says 3 x 1 float32 values (12 bytes) but 8 bytes follow it");
        Path longData = write("long.npy", 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", 8);
        assertThatThrownBy(() -> Npy.read(longData)).hasMessageContaining("(4 bytes) but 8 bytes follow it");
        Path noShape = write("ns.npy", 1, "{'descr': '<f4', 'fortran_order': False}", 0);
        assertThatThrownBy(() -> Npy.read(noShape)).hasMessageContaining(": header has no readable 'shape' entry");

        Path text = dir.resolve("t.npy");
        Files.writeString(text, "label1\nlabel2\n");
        assertThatThrownBy(() -> Npy.read(text)).isInstanceOf(PairvizException.class)
                .hasMessage(text + ": not a NumPy .npy file (no \\x93NUMPY magic)");
        Path tiny = dir.resolve("tiny.npy");
        Files.write(tiny, new byte[] {(byte) 0x93, 'N'});
        assertThatThrownBy(() -> Npy.read(tiny)).hasMessage(tiny + ": is too short for a .npy header");
        Path missing = dir.resolve("missing.npy");
        assertThatThrownBy(() -> Npy.read(missing)).isInstanceOf(PairvizException.class)
                .hasMessage("no such file: " + missing);
    }

    /** A hand-made .npy file: format {@code version}, header dict, {@code dataBytes} zero bytes. */
    private Path write(String name, int version, String dict, int dataBytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        String header = dict + "\n";
        int n = header.length();
        out.write(version == 1 ? new byte[] {(byte) n, (byte) (n >> 8)} : new byte[] {(byte) n, (byte) (n >> 8), 0, 0});
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        out.write(new byte[dataBytes]);
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }
}

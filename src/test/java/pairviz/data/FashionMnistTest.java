package pairviz.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

class FashionMnistTest {

    @TempDir
    Path dir;

    /** Writes an IDX file of unsigned bytes; gzipped when the name ends in .gz. */
    private Path idx(String name, int[] dims, byte[] data) throws Exception {
        Path f = dir.resolve(name);
        try (OutputStream raw = Files.newOutputStream(f);
                DataOutputStream out = new DataOutputStream(name.endsWith(".gz") ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
        return f;
    }

    /** n images of 3 x 2 pixels; image i has pixel value 10 * i + p at position p. */
    private static byte[] pixels(int n) {
        byte[] b = new byte[n * 6];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 6; p++) {
                b[i * 6 + p] = (byte) (10 * i + p);
            }
        }
        return b;
    }

    @Test
    void poolsTrainAndTestThenSplitsByClass() throws Exception {
        idx("train-images-idx3-ubyte.gz", new int[] {4, 2, 3}, pixels(4));
        idx("train-labels-idx1-ubyte.gz", new int[] {4}, new byte[] {0, 5, 4, 9});
        idx("t10k-images-idx3-ubyte", new int[] {2, 2, 3}, pixels(2));
        idx("t10k-labels-idx1-ubyte", new int[] {2}, new byte[] {7, 1});

        Dataset d = FashionMnist.read(dir);

        assertThat(d.train()).extracting(Sample::id)
                .containsExactly("fashion-mnist/train/0", "fashion-mnist/train/2", "fashion-mnist/t10k/1");
        assertThat(d.train()).extracting(Sample::label).containsExactly("0", "4", "1");
        assertThat(d.test()).extracting(Sample::id)
                .containsExactly("fashion-mnist/train/1", "fashion-mnist/train/3", "fashion-mnist/t10k/0");
        assertThat(d.test()).extracting(Sample::label).containsExactly("5", "9", "7");
        assertThat(d.train().get(0).path()).isEmpty();

        // train image 2: 3 wide, 2 high, value 20 + p at row-major position p, grey in R, G and B.
        BufferedImage im = d.train().get(1).load();
        assertThat(im.getWidth()).isEqualTo(3);
        assertThat(im.getHeight()).isEqualTo(2);
        assertThat(im.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x141414);
        assertThat(im.getRGB(2, 1) & 0xFFFFFF).isEqualTo(0x191919);
    }

    @Test
    void badFilesAreNamed() throws Exception {
        assertThat(assertThrows(PairvizException.class, () -> FashionMnist.read(dir)).getMessage())
                .isEqualTo("fashion-mnist: train-images-idx3-ubyte[.gz] not found in " + dir);
        Path images = idx("train-images-idx3-ubyte", new int[] {2}, new byte[] {1, 2});
        idx("train-labels-idx1-ubyte", new int[] {2}, new byte[] {1, 2});
        assertThat(assertThrows(PairvizException.class, () -> FashionMnist.read(dir)).getMessage())
                .isEqualTo(images + ": not an IDX file of unsigned bytes with 3 dimensions (magic number 0x00000801)");
        idx("train-images-idx3-ubyte", new int[] {3, 1, 1}, new byte[] {1, 2, 3});
        assertThat(assertThrows(PairvizException.class, () -> FashionMnist.read(dir)).getMessage())
                .isEqualTo("fashion-mnist: " + images + " has 3 images but " + dir.resolve("train-labels-idx1-ubyte") + " has 2 labels");
        idx("train-images-idx3-ubyte", new int[] {3, 2, 2}, new byte[] {1, 2, 3});
        assertThat(assertThrows(PairvizException.class, () -> FashionMnist.read(dir)).getMessage())
                .isEqualTo(images + ": truncated IDX file");
    }

    @Test
    void missingDefaultFolderSuggestsThePackage() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isDirectory(FashionMnist.DEFAULT_DIR));
        assertThat(assertThrows(PairvizException.class, FashionMnist::read).getMessage())
                .isEqualTo("fashion-mnist: folder /usr/share/datasets/fashion-mnist not found"
                        + " (install it with: apt-get install dataset-fashion-mnist)");
    }
}

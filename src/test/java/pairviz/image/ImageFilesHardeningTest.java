package pairviz.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

/** Damage that ImageIO decodes without complaint, and files that are not files. */
class ImageFilesHardeningTest {
    @TempDir
    Path tmp;

    private Path png() throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, (x * 32) << 16 | (y * 32) << 8 | 77);
            }
        }
        Path file = tmp.resolve("p.png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void intactPngIsRead() throws IOException {
        assertThat(ImageFiles.read(png()).getRGB(7, 0) & 0xffffff).isEqualTo(224 << 16 | 77);
    }

    @Test
    void pngWithABrokenChunkCrcIsRefused() throws IOException {
        Path file = png();
        byte[] all = Files.readAllBytes(file);
        int idat = indexOf(all, "IDAT".getBytes());
        all[idat + 4 + 3] ^= 0x01; // a byte of the compressed pixels: still inflates, only the CRC knows
        Files.write(file, all);
        assertThatThrownBy(() -> ImageFiles.read(file))
                .isInstanceOf(PairvizException.class)
                .hasMessageStartingWith("cannot read image " + file + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void pngWithABrokenCrcButIntactPixelsIsRefusedByTheCrc() throws IOException {
        Path file = png();
        byte[] all = Files.readAllBytes(file);
        int iend = indexOf(all, "IEND".getBytes());
        all[iend + 4] ^= 0x01; // the IEND chunk's CRC itself
        Files.write(file, all);
        assertThatThrownBy(() -> ImageFiles.read(file))
                .hasMessage("cannot read image " + file + ": damaged image (PNG chunk IEND fails its CRC check)");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void deviceIsNotCalledEmpty() {
        Path dev = Path.of("/dev/urandom");
        assertThatThrownBy(() -> ImageFiles.read(dev))
                .hasMessage("cannot read image /dev/urandom: it is not a regular file (a device, pipe or socket)");
    }

    private static int indexOf(byte[] all, byte[] key) {
        outer:
        for (int i = 0; i + key.length <= all.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (all[i + j] != key[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}

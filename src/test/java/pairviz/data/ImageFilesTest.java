package pairviz.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

class ImageFilesTest {

    @TempDir
    Path dir;

    @Test
    void greyPngKeepsItsValuesInAllThreeChannels() throws Exception {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 128, 200});
        Path f = dir.resolve("g.png");
        ImageIO.write(grey, "png", f.toFile());
        BufferedImage rgb = ImageFiles.readRgb(f);
        assertThat(rgb.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        // BufferedImage.getRGB would give 0xBCBCBC here (it treats the grey as linear); PIL keeps 128.
        assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x808080);
        assertThat(rgb.getRGB(2, 0) & 0xFFFFFF).isEqualTo(0xC8C8C8);
    }

    @Test
    void sixteenBitGreyIsScaledToEightBits() throws Exception {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 128 * 257, 65535});
        Path f = dir.resolve("g16.png");
        ImageIO.write(grey, "png", f.toFile());
        BufferedImage rgb = ImageFiles.readRgb(f);
        assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isZero();
        assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x808080);
        assertThat(rgb.getRGB(2, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void alphaIsDropped() throws Exception {
        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x40123456);
        Path f = dir.resolve("a.png");
        ImageIO.write(argb, "png", f.toFile());
        assertThat(ImageFiles.readRgb(f).getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x123456);
    }

    @Test
    void missingAndUndecodableFilesAreNamed() throws Exception {
        Path missing = dir.resolve("none.jpg");
        assertThat(assertThrows(PairvizException.class, () -> ImageFiles.readRgb(missing)).getMessage())
                .isEqualTo("image not found: " + missing);
        Path junk = Files.writeString(dir.resolve("junk.jpg"), "not an image");
        assertThat(assertThrows(PairvizException.class, () -> ImageFiles.readRgb(junk)).getMessage())
                .startsWith("cannot decode image " + junk);
    }
}

package pairviz.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import pairviz.testutil.Fixtures;

/** Conversion of in-memory images: raw samples, as PIL's convert('RGB'), never colour-managed. */
class RgbTest {
    @Test
    void rgbImageIsUsedAsItIs() {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        assertThat(Rgb.of(img)).isSameAs(img);
    }

    @Test
    void alphaIsDroppedNotComposited() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00ff8040); // fully transparent orange
        img.setRGB(1, 0, 0x80102030);
        assertThat(Fixtures.rgb(Rgb.of(img))).containsExactly(0xff8040, 0x102030);
    }

    @Test
    void bgrBytesKeepTheirChannels() {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
        img.getRaster().setPixel(0, 0, new int[] {10, 20, 30}); // raster bands are R, G, B
        assertThat(Fixtures.rgb(Rgb.of(img))).containsExactly(0x0a141e);
    }

    @Test
    void greyIsReplicatedWithoutGammaConversion() {
        // Java 2D treats TYPE_BYTE_GRAY as linear grey, and getRGB() would brighten 100 to about 168
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(0, 0, 0, 100);
        img.getRaster().setSample(1, 0, 0, 255);
        assertThat(Fixtures.rgb(Rgb.of(img))).containsExactly(0x646464, 0xffffff);
    }

    @Test
    void sixteenBitGreyKeepsTheHighByte() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(0, 0, 0, 0x12ff);
        img.getRaster().setSample(1, 0, 0, 0xffff);
        assertThat(Fixtures.rgb(Rgb.of(img))).containsExactly(0x121212, 0xffffff);
    }

    @Test
    void narrowSamplesAreStretchedLikePil() {
        assertThat(Rgb.to8Bits(31, 5)).isEqualTo(255);
        assertThat(Rgb.to8Bits(16, 5)).isEqualTo(131); // 16 * 255 / 31 = 131.6, truncated
        assertThat(Rgb.to8Bits(0xabcd, 16)).isEqualTo(0xab);
    }

    @Test
    void cmykUsesPilsFormula() {
        assertThat(Rgb.cmykToRgb(0, 0, 0, 0)).isEqualTo(0xffffff);
        assertThat(Rgb.cmykToRgb(255, 255, 255, 0)).isEqualTo(0x000000);
        assertThat(Rgb.cmykToRgb(0, 0, 0, 255)).isEqualTo(0x000000);
        // nk = 155: 155 - round(100 * 155 / 255) = 155 - 61 = 94
        assertThat(Rgb.cmykToRgb(100, 0, 255, 100)).isEqualTo(94 << 16 | 155 << 8);
    }
}

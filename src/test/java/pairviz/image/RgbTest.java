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

    /**
     * Every interleaved 8-bit layout the readers make (BGR, ABGR, RGB and RGBA as PNG's reader
     * lays them out, grey, grey with alpha), read straight from the bytes: each pixel is its
     * raster's own samples, as the band-by-band path reads them.
     */
    @Test
    void interleavedBytesGiveEachPixelsOwnSamples() {
        java.util.Random random = new java.util.Random(3);
        java.util.List<BufferedImage> images = new java.util.ArrayList<>(java.util.List.of(
                new BufferedImage(7, 5, BufferedImage.TYPE_3BYTE_BGR),
                new BufferedImage(7, 5, BufferedImage.TYPE_4BYTE_ABGR),
                new BufferedImage(7, 5, BufferedImage.TYPE_BYTE_GRAY)));
        for (int bands : new int[] {3, 4, 2}) { // PNG's RGB, RGBA and grey + alpha: bands in file order
            java.awt.color.ColorSpace cs = java.awt.color.ColorSpace.getInstance(bands == 2
                    ? java.awt.color.ColorSpace.CS_GRAY : java.awt.color.ColorSpace.CS_sRGB);
            java.awt.image.ColorModel cm = new java.awt.image.ComponentColorModel(cs, bands % 2 == 0, false,
                    bands % 2 == 0 ? java.awt.Transparency.TRANSLUCENT : java.awt.Transparency.OPAQUE,
                    java.awt.image.DataBuffer.TYPE_BYTE);
            images.add(new BufferedImage(cm, cm.createCompatibleWritableRaster(7, 5), false, null));
        }
        for (BufferedImage img : images) {
            java.awt.image.WritableRaster r = img.getRaster();
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 7; x++) {
                    for (int b = 0; b < r.getNumBands(); b++) {
                        r.setSample(x, y, b, random.nextInt(256));
                    }
                }
            }
            int[] got = Fixtures.rgb(Rgb.of(img));
            boolean grey = r.getNumBands() < 3;
            for (int y = 0; y < 5; y++) {
                for (int x = 0; x < 7; x++) {
                    int red = r.getSample(x, y, 0);
                    int expected = grey ? red << 16 | red << 8 | red : red << 16 | r.getSample(x, y, 1) << 8 | r.getSample(x, y, 2);
                    assertThat(got[y * 7 + x]).as("type %d, pixel (%d, %d)", img.getType(), x, y).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void pixelsOfAnImageAndOfAViewIntoOneAreItsOwn() {
        BufferedImage img = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(5);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                img.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        assertThat(Rgb.pixels(img)).containsExactly(rgbOf(img));
        BufferedImage view = img.getSubimage(1, 1, 3, 2); // shares the array: the direct read must not take it
        assertThat(Rgb.pixels(view)).containsExactly(rgbOf(view));
        int[] copy = Rgb.pixels(img);
        copy[0] = 0;
        assertThat(img.getRGB(0, 0) & 0xffffff).isNotZero().isEqualTo(Rgb.pixels(img)[0]); // a copy, not the image's array
    }

    /** Java 2D's own reading of each pixel, without alpha. */
    private static int[] rgbOf(BufferedImage img) {
        int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xffffff;
        }
        return px;
    }
}

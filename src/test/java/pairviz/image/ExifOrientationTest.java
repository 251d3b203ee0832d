package pairviz.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A JPEG's EXIF orientation is applied when it is read, for each of the eight tags, to exactly
 * the pixels Pillow's {@code ImageOps.exif_transpose(Image.open(f)).convert("RGB")} gives; the
 * fixtures are one upright picture stored turned or flipped and tagged so that each shows
 * upright (src/test/python/make_exif_fixtures.py).
 */
class ExifOrientationTest {
    private static final Path DIR = Path.of("src/test/resources/data/exif");

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void eachOrientationShowsAsPillowTransposesIt(int orientation) throws Exception {
        Path file = DIR.resolve("orient_" + orientation + ".jpg");
        assertThat(ExifOrientation.of(file)).isEqualTo(orientation);
        BufferedImage image = ImageFiles.read(file);
        assertThat(image.getWidth()).isEqualTo(23);
        assertThat(image.getHeight()).isEqualTo(14);
        assertThat(bytes(image)).isEqualTo(Files.readAllBytes(DIR.resolve("orient_" + orientation + ".jpg.rgb")));
    }

    @Test
    void filesWithoutTheTagAreUpright() {
        assertThat(ExifOrientation.of(Path.of("src/test/resources/data/decode/rgb444.jpg"))).isEqualTo(ExifOrientation.UPRIGHT);
    }

    @Test
    void theEightTransformsOfATwoByThreePicture() {
        // stored:  a b c
        //          d e f
        BufferedImage s = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        int[] px = {1, 2, 3, 4, 5, 6};
        s.setRGB(0, 0, 3, 2, px, 0, 3);
        assertThat(grid(ExifOrientation.apply(s, 1))).isEqualTo("123/456");
        assertThat(grid(ExifOrientation.apply(s, 2))).isEqualTo("321/654");
        assertThat(grid(ExifOrientation.apply(s, 3))).isEqualTo("654/321");
        assertThat(grid(ExifOrientation.apply(s, 4))).isEqualTo("456/123");
        assertThat(grid(ExifOrientation.apply(s, 5))).isEqualTo("14/25/36");
        assertThat(grid(ExifOrientation.apply(s, 6))).isEqualTo("41/52/63");
        assertThat(grid(ExifOrientation.apply(s, 7))).isEqualTo("63/52/41");
        assertThat(grid(ExifOrientation.apply(s, 8))).isEqualTo("36/25/14");
    }

    private static String grid(BufferedImage image) {
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < image.getHeight(); y++) {
            if (y > 0) {
                sb.append('/');
            }
            for (int x = 0; x < image.getWidth(); x++) {
                sb.append(image.getRGB(x, y) & 0xffffff);
            }
        }
        return sb.toString();
    }

    private static byte[] bytes(BufferedImage image) {
        byte[] out = new byte[image.getWidth() * image.getHeight() * 3];
        int i = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                out[i++] = (byte) (rgb >> 16);
                out[i++] = (byte) (rgb >> 8);
                out[i++] = (byte) rgb;
            }
        }
        return out;
    }
}

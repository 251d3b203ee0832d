package pairviz.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoding matches Pillow's {@code Image.open(f).convert("RGB")} byte for byte, for every format
 * datasets ship; fixtures made by src/test/python/make_decode_fixtures.py.
 */
class PillowDecodingTest {

    private static final Path DIR = Path.of("src/test/resources/data/decode");

    @ParameterizedTest
    @ValueSource(strings = {"rgb420.jpg", "rgb444.jpg", "grey.jpg", "icc.jpg", "rgb.png", "rgba.png", "palette.png",
        "grey.png", "greyalpha.png", "icc.png", "rgb.bmp", "rgb.tif", "rgb.webp"})
    void decodesLikePillow(String name) throws Exception {
        byte[] expected = Files.readAllBytes(DIR.resolve(name + ".rgb"));
        BufferedImage image = ImageFiles.read(DIR.resolve(name));
        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(image.getWidth() * image.getHeight() * 3).isEqualTo(expected.length);
        byte[] actual = new byte[expected.length];
        int i = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                actual[i++] = (byte) (rgb >> 16);
                actual[i++] = (byte) (rgb >> 8);
                actual[i++] = (byte) rgb;
            }
        }
        assertThat(actual).isEqualTo(expected);
    }
}

package pairviz.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pairviz.testutil.Fixtures;

class ResizeTest {
    static Stream<JsonNode> cases() {
        return StreamSupport.stream(Fixtures.json("image/cases.json").get("resize").spliterator(), false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bilinearIsBitExactWithPillow(JsonNode c) {
        BufferedImage src = ImageFiles.read(Fixtures.path("image/" + c.get("source").asText()));
        BufferedImage out = Resize.bilinear(src, c.get("width").asInt(), c.get("height").asInt());

        assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(out.getWidth()).isEqualTo(c.get("width").asInt());
        assertThat(out.getHeight()).isEqualTo(c.get("height").asInt());
        int[] expected = Fixtures.expectedRgb("image/" + c.get("expected").asText());
        assertThat(Fixtures.rgb(out)).containsExactly(expected);
    }

    @Test
    void sameSizeIsAnEqualCopy() {
        BufferedImage src = ImageFiles.read(Fixtures.path("image/resize_down_src.png"));
        BufferedImage out = Resize.bilinear(src, src.getWidth(), src.getHeight());
        assertThat(out).isNotSameAs(src);
        assertThat(Fixtures.rgb(out)).containsExactly(Fixtures.rgb(src));
    }

    @Test
    void constantImageStaysConstant() {
        BufferedImage src = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                src.setRGB(x, y, 0x7f10e3);
            }
        }
        for (int[] size : new int[][] {{256, 256}, {5, 3}, {37, 100}}) {
            assertThat(Fixtures.rgb(Resize.bilinear(src, size[0], size[1]))).containsOnly(0x7f10e3);
        }
    }

    @Test
    void refusesEmptyTarget() {
        BufferedImage src = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        assertThatThrownBy(() -> Resize.bilinear(src, 0, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}

package pairviz.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pairviz.image.ImageFiles;
import pairviz.image.Preprocess;
import pairviz.image.Resize;
import pairviz.testutil.Fixtures;

class OverlayTest {
    static Stream<JsonNode> cases() {
        return StreamSupport.stream(Fixtures.json("render/cases.json").get("overlay").spliterator(), false);
    }

    /** File -> PIL resize -> grey; K x K map -> cv2 bicubic -> min-max -> jet -> overlay: the authors' bytes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void endToEndEqualsTheAuthorsPipeline(JsonNode c) {
        BufferedImage image = ImageFiles.read(Fixtures.path("render/" + c.get("source").asText()));
        BufferedImage resized = Resize.bilinear(image, c.get("width").asInt(), c.get("height").asInt());
        int k = c.get("k").asInt();
        float[] map = Fixtures.f32("render/" + c.get("map").asText());

        BufferedImage picture = Overlay.picture(resized, map, k, k, Colormap.JET);

        assertThat(picture.getWidth()).isEqualTo(c.get("width").asInt());
        assertThat(picture.getHeight()).isEqualTo(c.get("height").asInt());
        assertThat(Fixtures.rgb(picture)).containsExactly(Fixtures.expectedRgb("render/" + c.get("expected").asText()));
    }

    @Test
    void constantMapPaintsLevelZeroEverywhere() {
        BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB); // black
        // zeros stay exactly zero through the bicubic upsampling, so min-max sees a constant map
        BufferedImage p = Overlay.picture(img, new float[4], 2, 2, Colormap.JET);
        // grey 0 + jet[0] = (0, 0, 128/255); divided by its max -> pure blue
        assertThat(Fixtures.rgb(p)).containsOnly(0x0000ff);

        float[] flat = new float[48];
        Arrays.fill(flat, 0.3f);
        assertThat(Fixtures.rgb(Overlay.overlay(new float[48], HeatScale.minMax(flat), 6, 8, Colormap.JET)))
                .containsOnly(0x0000ff);
    }

    @Test
    void brightestValueBecomes255() {
        float[] grey = {0f, 0.5f, 1f, 0.25f};
        float[] unit = {0f, 1f, 0.5f, 0.2f};
        BufferedImage p = Overlay.overlay(grey, unit, 2, 2, Colormap.VIRIDIS);
        int max = Arrays.stream(Fixtures.rgb(p)).map(v -> Math.max(v >> 16, Math.max((v >> 8) & 0xff, v & 0xff))).max().getAsInt();
        assertThat(max).isBetween(254, 255); // float truncation may give 254 for 255 * (x / x)
    }

    @Test
    void sharedScaleDimsTheWeakerMap() {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        float[] strong = {0f, 1f, 2f, 4f};
        float[] weak = {0f, 0.5f, 1f, 2f};
        Overlay.Pair separate = Overlay.pair(img, strong, img, weak, 2, 2, Colormap.INFERNO, Overlay.Scale.SEPARATE);
        Overlay.Pair shared = Overlay.pair(img, strong, img, weak, 2, 2, Colormap.INFERNO, Overlay.Scale.SHARED);
        // separately, both maps are stretched to the same picture
        assertThat(Fixtures.rgb(separate.a())).containsExactly(Fixtures.rgb(separate.b()));
        // on one scale the weak map's strongest pixel is not the full colour
        assertThat(Fixtures.rgb(shared.a())).containsExactly(Fixtures.rgb(separate.a()));
        assertThat(Fixtures.rgb(shared.b())).isNotEqualTo(Fixtures.rgb(separate.b()));
        float[] unitWeak = HeatScale.minMaxShared(HeatScale.upsample(strong, 2, 2, 16, 16), HeatScale.upsample(weak, 2, 2, 16, 16))[1];
        assertThat(Fixtures.rgb(shared.b())).containsExactly(
                Fixtures.rgb(Overlay.overlay(Preprocess.grey(img), unitWeak, 16, 16, Colormap.INFERNO)));
    }
}

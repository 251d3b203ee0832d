package pairviz.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import pairviz.PairvizException;

class ColormapTest {
    /**
     * OpenCV builds JET by linear interpolation between anchor colours: dark blue at 0, blue, cyan,
     * yellow, red, dark red at 255. Spot checks of the table against that shape.
     */
    @Test
    void jetIsOpenCvs() {
        assertThat(Colormap.JET.rgb(0)).isEqualTo(0x000080); // dark blue
        assertThat(Colormap.JET.rgb(255)).isEqualTo(0x800000); // dark red
        for (int level = 0; level < 256; level++) {
            int rgb = Colormap.JET.rgb(level);
            int r = rgb >> 16;
            int b = rgb & 0xff;
            if (level < 96) {
                assertThat(r).as("no red in the blue end, level %d", level).isZero();
            }
            if (level > 160) {
                assertThat(b).as("no blue in the red end, level %d", level).isZero();
            }
        }
    }

    @Test
    void matplotlibEnds() {
        assertThat(Colormap.VIRIDIS.rgb(0)).isEqualTo(0x440154);
        assertThat(Colormap.VIRIDIS.rgb(255)).isEqualTo(0xfde724);
        assertThat(Colormap.INFERNO.rgb(0)).isEqualTo(0x000003);
        assertThat(Colormap.TURBO.rgb(0)).isEqualTo(0x30123b);
    }

    @Test
    void brightnessOfPerceptualMapsRises() {
        for (Colormap c : new Colormap[] {Colormap.VIRIDIS, Colormap.INFERNO}) {
            double previous = -1;
            for (int level = 0; level < 256; level += 15) {
                int rgb = c.rgb(level);
                double luma = 0.299 * (rgb >> 16) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                assertThat(luma).as("%s level %d", c, level).isGreaterThan(previous);
                previous = luma;
            }
        }
    }

    @Test
    void parse() {
        assertThat(Colormap.parse("jet")).isEqualTo(Colormap.JET);
        assertThat(Colormap.parse(" Viridis")).isEqualTo(Colormap.VIRIDIS);
        assertThat(Colormap.parse("TURBO")).isEqualTo(Colormap.TURBO);
        assertThatThrownBy(() -> Colormap.parse("rainbow"))
                .isInstanceOf(PairvizException.class)
                .hasMessage("unknown colormap 'rainbow': choose one of jet, viridis, inferno, turbo");
    }

    @Test
    void levelOutOfRange() {
        assertThatThrownBy(() -> Colormap.JET.rgb(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Colormap.JET.rgb(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}

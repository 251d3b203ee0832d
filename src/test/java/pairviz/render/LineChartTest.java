package pairviz.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class LineChartTest {
    @Test
    void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(LineChart.niceStep(0.13)).isCloseTo(0.2, within(1e-12));
        assertThat(LineChart.niceStep(0.05)).isCloseTo(0.05, within(1e-12));
        assertThat(LineChart.niceStep(0.051)).isCloseTo(0.1, within(1e-12));
        assertThat(LineChart.niceStep(3)).isCloseTo(5, within(1e-12));
    }

    @Test
    void drawsEachSeriesInItsColour() {
        BufferedImage img = new LineChart("t", "x", "y").add("a", new double[] {0.9, 0.8, 0.7}).add("b", new double[] {0.2, 0.3, 0.1})
                .draw(400, 300);
        assertThat(img.getWidth()).isEqualTo(400);
        assertThat(img.getHeight()).isEqualTo(300);
        assertThat(count(img, 0x1f77b4)).isGreaterThan(50); // first series' blue
        assertThat(count(img, 0xd62728)).isGreaterThan(50); // second series' red
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}

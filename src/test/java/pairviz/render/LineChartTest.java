package pairviz.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineChartTest {
    @Test
    void drawsEachSeriesInItsColour() {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("a", new double[] {0.9, 0.8, 0.7});
        series.put("b", new double[] {0.2, 0.3, 0.1});
        BufferedImage img = LineChart.draw("t", List.of(new LineChart.Panel("p", "x", "y", series, 1, 3)));
        assertThat(count(img, 0x1f77b4)).isGreaterThan(50); // first series: tab10 blue
        assertThat(count(img, 0xff7f0e)).isGreaterThan(50); // second series: tab10 orange
    }

    @Test
    void tickStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(LineChart.niceStep(0.13)).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(LineChart.niceStep(0.05)).isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(LineChart.niceStep(0.06)).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(LineChart.niceStep(3)).isCloseTo(5, org.assertj.core.api.Assertions.within(1e-12));
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

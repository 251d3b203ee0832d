package pairviz.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineChartTest {
    @Test
    void drawsEachSeriesInItsOwnColourInEveryPanel() {
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("first", new double[] {1, 0.5, 0});
        s.put("second", new double[] {1, 1, 1});
        var p = new LineChart.Panel("deletion", "fraction", "sim", s);
        BufferedImage one = LineChart.draw("t", List.of(p));
        BufferedImage two = LineChart.draw("t", List.of(p, p));
        assertThat(two.getWidth()).isGreaterThan(one.getWidth());
        assertThat(two.getHeight()).isEqualTo(one.getHeight());
        assertThat(count(two, 0x1f77b4)).isGreaterThan(2 * 300); // the first series' colour, two panels long
        assertThat(count(two, 0xff7f0e)).isGreaterThan(2 * 300);
    }

    @Test
    void rangesRoundOutwardToTenths() {
        assertThat(LineChart.niceRange(0.23, 0.91)).containsExactly(0.2, 1.0);
        assertThat(LineChart.niceRange(1, 1)).containsExactly(1.0, 1.1);
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }
}

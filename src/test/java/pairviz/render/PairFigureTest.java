package pairviz.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Canvas;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairFigureTest {
    private static final int P = PairFigure.PANEL;

    private static BufferedImage noise(long seed) {
        BufferedImage img = new BufferedImage(P, P, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < P; y++) {
            for (int x = 0; x < P; x++) {
                img.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return img;
    }

    @Test
    void panelsAreDrawnUnchangedInTheirPlaces() {
        BufferedImage a = noise(1);
        BufferedImage b = noise(2);
        BufferedImage ab = noise(3);
        BufferedImage ba = noise(4);
        BufferedImage fig = PairFigure.draw(a, b, ab, ba, 0.8123, Colormap.JET);

        // locate image A by its first pixel row, then check all four panels
        int[] origin = find(fig, a);
        assertThat(origin).as("image A drawn 1:1").isNotNull();
        int x0 = origin[0];
        int y0 = origin[1];
        int dx = find(fig, b)[0] - x0;
        int dy = find(fig, ab)[1] - y0;
        assertThat(dx).isGreaterThan(P);
        assertThat(dy).isGreaterThan(P);
        assertThat(same(fig, a, x0, y0)).isTrue();
        assertThat(same(fig, b, x0 + dx, y0)).isTrue();
        assertThat(same(fig, ab, x0, y0 + dy)).isTrue();
        assertThat(same(fig, ba, x0 + dx, y0 + dy)).isTrue();
    }

    @Test
    void colourBarRunsFromLowToHigh() {
        BufferedImage grey = new BufferedImage(P, P, BufferedImage.TYPE_INT_RGB);
        BufferedImage fig = PairFigure.draw(grey, grey, grey, grey, 0.5, Colormap.VIRIDIS);
        int top = Colormap.VIRIDIS.rgb(255);
        int bottom = Colormap.VIRIDIS.rgb(0);
        boolean found = false;
        for (int x = 0; x < fig.getWidth() && !found; x++) {
            for (int y = 0; y + P - 1 < fig.getHeight(); y++) {
                if ((fig.getRGB(x, y) & 0xffffff) == top && (fig.getRGB(x, y + P - 1) & 0xffffff) == bottom) {
                    found = true;
                    break;
                }
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void titleIsWritten() {
        BufferedImage white = new BufferedImage(P, P, BufferedImage.TYPE_INT_RGB);
        BufferedImage fig = PairFigure.draw(white, white, white, white, Double.NaN, Colormap.JET);
        int dark = 0;
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < fig.getWidth(); x++) {
                if ((fig.getRGB(x, y) & 0xff) < 128) {
                    dark++;
                }
            }
        }
        assertThat(dark).as("text pixels in the title band").isGreaterThan(100);
    }

    @Test
    void longNamesAreShortenedInTheMiddle() {
        FontMetrics fm = new Canvas().getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        String name = "hotel_000987_a_very_long_file_name_for_testing.jpg";
        String fitted = PairFigure.fit(fm, name, 120);
        assertThat(fm.stringWidth(fitted)).isLessThanOrEqualTo(120);
        assertThat(fitted).startsWith("hotel").endsWith(".jpg").contains("\u2026");
        assertThat(PairFigure.fit(fm, "a.jpg", 120)).isEqualTo("a.jpg");
    }

    private static int[] find(BufferedImage fig, BufferedImage img) {
        for (int y = 0; y + P <= fig.getHeight(); y++) {
            for (int x = 0; x + P <= fig.getWidth(); x++) {
                if ((fig.getRGB(x, y) & 0xffffff) == (img.getRGB(0, 0) & 0xffffff)
                        && (fig.getRGB(x + 1, y) & 0xffffff) == (img.getRGB(1, 0) & 0xffffff)
                        && same(fig, img, x, y)) {
                    return new int[] {x, y};
                }
            }
        }
        return null;
    }

    private static boolean same(BufferedImage fig, BufferedImage img, int x0, int y0) {
        for (int y = 0; y < P; y++) {
            for (int x = 0; x < P; x++) {
                if ((fig.getRGB(x0 + x, y0 + y) & 0xffffff) != (img.getRGB(x, y) & 0xffffff)) {
                    return false;
                }
            }
        }
        return true;
    }
}

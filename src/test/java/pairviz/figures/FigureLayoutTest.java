package pairviz.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.explain.Heatmap;
import pairviz.image.ImageFiles;
import pairviz.image.Normalization;
import pairviz.image.PixelRange;
import pairviz.image.Preprocessing;
import pairviz.image.Resize;
import pairviz.image.ResizePolicy;
import pairviz.render.Colormap;
import pairviz.render.Overlay;
import pairviz.testutil.Fixtures;

/**
 * The one layout of photos in figures ({@link Panels#photo}): a portrait photo in a figure is not
 * squashed (its drawn panel keeps its aspect ratio, letterboxed in its cell), and a square scene
 * under the authors' squash is drawn exactly as before (the network's S x S view, {@link Overlay#picture}).
 */
class FigureLayoutTest {
    @TempDir Path tmp;

    private static final Preprocessing SQUASH = Preprocessing.authors(32, Normalization.SOP, Map.of());
    private static final Preprocessing CROP = new Preprocessing(32, ResizePolicy.CENTER_CROP, 1.0, "bilinear",
            PixelRange.UNIT, Normalization.SOP, false, Map.of());

    private static Heatmap randomMap(Random r) {
        float[] v = new float[16];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return new Heatmap(4, 4, v);
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    /** A 40 x 80 portrait photo cut from a fixture scene. */
    private Path portrait() throws IOException {
        BufferedImage scene = ImageIO.read(Fixtures.fixture("blob1_64.png").toFile());
        BufferedImage out = new BufferedImage(40, 80, BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(scene, 0, 0, 40, 80, 12, 0, 52, 64, null);
        Path p = tmp.resolve("portrait.png");
        ImageIO.write(out, "png", p.toFile());
        return p;
    }

    @Test
    void aSquareSceneUnderSquashIsDrawnAsBefore() {
        Path scene = Fixtures.fixture("blob0_64.png");
        Heatmap map = randomMap(new Random(1));
        BufferedImage before = Resize.bilinear(ImageFiles.read(scene), 32, 32);
        assertThat(pixels(Panels.seen(scene, SQUASH))).isEqualTo(pixels(before));
        assertThat(pixels(Panels.map(scene, SQUASH, map, Colormap.JET)))
                .isEqualTo(pixels(Overlay.picture(before, map.values(), 4, 4, Colormap.JET)));
    }

    /** The extent {w, h} of what is not white inside cell (row, col) of a figure without row labels. */
    private static int[] drawnExtent(BufferedImage fig, int row, int col, int panel) {
        int cell = panel + 8;
        int x0 = 16 + col * (cell + 10);
        int y0 = 16 + 32 + row * (cell + 22 + 10);
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int y = y0; y < y0 + cell; y++) {
            for (int x = x0; x < x0 + cell; x++) {
                if ((fig.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return new int[] {maxX - minX + 1, maxY - minY + 1};
    }

    @Test
    void aPortraitPhotoInAMatrixFigureIsNotSquashed() throws IOException {
        Path tall = portrait();
        Path square = Fixtures.fixture("blob0_64.png");
        Random r = new Random(2);
        Heatmap[][] maps = {{null, randomMap(r)}, {randomMap(r), null}};
        SimilarityMatrix m = new SimilarityMatrix(List.of(tall, square), new double[][] {{1, 0.5}, {0.5, 1}}, maps);
        for (Preprocessing p : List.of(SQUASH, CROP)) {
            BufferedImage fig = m.draw(p, Colormap.JET, 160);
            for (int col = 0; col < 2; col++) {
                int[] tallCell = drawnExtent(fig, 0, col, 160); // the photo and the map of the portrait
                int[] squareCell = drawnExtent(fig, 1, col, 160);
                // 80 x 160 plus its one-pixel frame: half as wide as high, as the photo
                assertThat((double) tallCell[1] / tallCell[0]).as("%s cell (0, %d): %dx%d", p.resize(), col,
                        tallCell[0], tallCell[1]).isCloseTo(162.0 / 82, within(0.05));
                assertThat(tallCell[1]).isEqualTo(162);
                assertThat(squareCell).containsExactly(162, 162);
            }
        }
    }

    @Test
    void underCenterCropThePortraitMapShowsTheWholePhotoWithTheUnseenPartsDimmed() throws IOException {
        Path tall = portrait();
        BufferedImage picture = Panels.map(tall, CROP, randomMap(new Random(3)), Colormap.JET);
        // the whole photo at the scale the network saw its centre square: 32 x 64
        assertThat(List.of(picture.getWidth(), picture.getHeight())).containsExactly(32, 64);
        int top = picture.getRGB(17, 3); // above the centre square: dimmed grey
        assertThat((top >> 16 & 255) == (top >> 8 & 255) && (top >> 8 & 255) == (top & 255)).as("grey %x", top).isTrue();
        int middle = picture.getRGB(16, 32); // inside: coloured by the map
        assertThat((middle >> 16 & 255) == (middle & 255) && (middle >> 8 & 255) == (middle & 255)).isFalse();
    }
}

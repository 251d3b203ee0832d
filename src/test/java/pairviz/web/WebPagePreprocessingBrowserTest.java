package pairviz.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.image.ResizePolicy;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.testutil.Fixtures;

/**
 * The page draws each photo as the network saw it under the model's preprocessing: a center-crop
 * model's panels show the photo's centre, a squash model's the whole photo stretched (in a real
 * headless Chromium, as {@link WebPageBrowserTest}).
 */
class WebPagePreprocessingBrowserTest {
    @TempDir Path tmp;

    /** A gallery of wide photos: red bands at the left and right quarters, blue in the middle half. */
    private Path galleryOfWidePhotos() throws IOException {
        Path cls = Files.createDirectories(tmp.resolve("wide/c"));
        for (int i = 0; i < 2; i++) {
            BufferedImage img = new BufferedImage(80, 40, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.RED);
            g.fillRect(0, 0, 80, 40);
            g.setColor(new Color(0, 0, 255 - 40 * i));
            g.fillRect(20, 0, 40, 40);
            g.dispose();
            ImageIO.write(img, "png", cls.resolve(i + ".png").toFile());
        }
        return tmp.resolve("wide");
    }

    /** The colour [r, g, b] the page shows near the left edge, half-way down, of A's image panel. */
    private static List<?> leftEdge(Page page) {
        return (List<?>) page.evaluate("() => { const c = document.getElementById('image-a');"
                + " const d = c.getContext('2d').getImageData(3, Math.floor(c.height / 2), 1, 1).data;"
                + " return [d[0], d[1], d[2]]; }");
    }

    private List<?> shownBy(ModelOptions options, Path gallery, Browser browser) {
        try (EmbeddingModel model = EmbeddingModel.load(Fixtures.fixture("vit_tiny.pth"), options);
                WebServer server = WebServer.start(model, WebOptions.defaults().withAddress("127.0.0.1", 0)
                        .withGalleries(List.of(gallery)), msg -> {})) {
            Page page = browser.newPage();
            page.navigate(server.uri().toString());
            WebPageBrowserTest.settle(page); // opens on the gallery's pair, explained
            List<?> rgb = leftEdge(page);
            page.close();
            return rgb;
        }
    }

    @Test
    void panelsShowThePartOfThePhotoTheNetworkSaw() throws IOException {
        WebPageBrowserTest.requireChromium();
        Path gallery = galleryOfWidePhotos();
        try (Playwright pw = WebPageBrowserTest.playwright(); Browser browser = WebPageBrowserTest.launch(pw)) {
            List<?> crop = shownBy(ModelOptions.builder().optHeads(4).optResize(ResizePolicy.CENTER_CROP)
                    .optCropFraction(1.0).build(), gallery, browser);
            List<?> squash = shownBy(ModelOptions.auto().withHeads(4), gallery, browser);
            // center-crop: the centre 40 x 40 is all blue; squash: the left edge is the red band
            assertThat(((Number) crop.get(2)).intValue()).as("crop %s", crop).isGreaterThan(150);
            assertThat(((Number) crop.get(0)).intValue()).as("crop %s", crop).isLessThan(60);
            assertThat(((Number) squash.get(0)).intValue()).as("squash %s", squash).isGreaterThan(150);
            assertThat(((Number) squash.get(2)).intValue()).as("squash %s", squash).isLessThan(60);
        }
    }
}

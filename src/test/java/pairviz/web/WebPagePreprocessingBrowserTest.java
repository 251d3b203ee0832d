package pairviz.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.BoundingBox;
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
 * Every panel shows the whole photo at its own shape, with the map over the part the network saw
 * under the model's preprocessing (in a real headless Chromium, as {@link WebPageBrowserTest}): a
 * portrait photo's panels are taller than wide; under center-crop the parts the network did not
 * see are dimmed and hatched grey, under squash and pad the map covers the whole photo.
 */
class WebPagePreprocessingBrowserTest {
    @TempDir Path tmp;

    /** A gallery of portrait photos (40 x 80): red bands at the top and bottom quarters, blue in the middle half. */
    private Path galleryOfPortraitPhotos() throws IOException {
        Path cls = Files.createDirectories(tmp.resolve("tall/c"));
        for (int i = 0; i < 2; i++) {
            BufferedImage img = new BufferedImage(40, 80, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.RED);
            g.fillRect(0, 0, 40, 80);
            g.setColor(new Color(0, 0, 255 - 40 * i));
            g.fillRect(0, 20, 40, 40);
            g.setColor(Color.GREEN);
            g.fillRect(5 + 10 * i, 30, 10, 10);
            g.dispose();
            ImageIO.write(img, "png", cls.resolve(i + ".png").toFile());
        }
        return tmp.resolve("tall");
    }

    /** What the page shows of A: its panels' boxes and the colours near the top edge, half-way across. */
    private record Shown(BoundingBox image, BoundingBox map, int[] imageTop, int[] mapTop, String photo) {}

    private static int[] topEdge(Page page, String id) {
        List<?> rgb = (List<?>) page.evaluate("id => { const c = document.getElementById(id);"
                + " const d = c.getContext('2d').getImageData(Math.floor(c.width / 2) + 1, 6, 1, 1).data;"
                + " return [d[0], d[1], d[2]]; }", id);
        return rgb.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    }

    private Shown shownBy(ModelOptions options, Path gallery, Browser browser) {
        try (EmbeddingModel model = EmbeddingModel.load(Fixtures.fixture("vit_tiny.pth"), options);
                WebServer server = WebServer.start(model, WebOptions.defaults().withAddress("127.0.0.1", 0)
                        .withGalleries(List.of(gallery)), msg -> {})) {
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1360, 1000));
            page.navigate(server.uri().toString());
            WebPageBrowserTest.settle(page); // opens on the gallery's pair, explained
            Shown s = new Shown(page.locator("#image-a").boundingBox(), page.locator("#map-a").boundingBox(),
                    topEdge(page, "image-a"), topEdge(page, "map-a"), page.getAttribute("#map-a", "data-photo"));
            page.close();
            return s;
        }
    }

    private static boolean grey(int[] rgb) {
        return Math.abs(rgb[0] - rgb[1]) <= 2 && Math.abs(rgb[1] - rgb[2]) <= 2;
    }

    @Test
    void panelsShowTheWholePhotoAtItsShapeWithTheMapOnWhatTheNetworkSaw() throws IOException {
        WebPageBrowserTest.requireChromium();
        Path gallery = galleryOfPortraitPhotos();
        try (Playwright pw = WebPageBrowserTest.playwright(); Browser browser = WebPageBrowserTest.launch(pw)) {
            Shown crop = shownBy(ModelOptions.builder().optHeads(4).optResize(ResizePolicy.CENTER_CROP)
                    .optCropFraction(1.0).build(), gallery, browser);
            Shown squash = shownBy(ModelOptions.auto().withHeads(4), gallery, browser);
            Shown pad = shownBy(ModelOptions.builder().optHeads(4).optResize(ResizePolicy.PAD).build(), gallery, browser);
            for (Shown s : List.of(crop, squash, pad)) {
                assertThat(s.photo()).isEqualTo("40x80");
                // a portrait photo's panels: twice as tall as wide, as the photo is
                for (BoundingBox box : List.of(s.image(), s.map())) {
                    assertThat(box.height).as("panel %sx%s", box.width, box.height).isGreaterThan(box.width);
                    assertThat(box.height / box.width).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
                }
                // the image panel is the whole photo, its red top band included, under every policy
                assertThat(s.imageTop()[0]).as("image top %s", List.of(s.imageTop())).isGreaterThan(200);
                assertThat(s.imageTop()[2]).isLessThan(60);
            }
            // center-crop: the network saw the middle 40 x 40 only; the top band is dimmed grey
            assertThat(grey(crop.mapTop())).as("crop map top %s", java.util.Arrays.toString(crop.mapTop())).isTrue();
            assertThat(crop.mapTop()[0]).isLessThan(130);
            // squash and pad: the network saw the whole photo; the map covers the top band in colour
            assertThat(grey(squash.mapTop())).as("squash map top %s", java.util.Arrays.toString(squash.mapTop())).isFalse();
            assertThat(grey(pad.mapTop())).as("pad map top %s", java.util.Arrays.toString(pad.mapTop())).isFalse();
        }
    }
}

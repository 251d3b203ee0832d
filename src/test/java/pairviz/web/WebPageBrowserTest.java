package pairviz.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.BoundingBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.testutil.Fixtures;

/**
 * The page end to end in a real headless Chromium (Debian's, driven by Playwright; no browser is
 * downloaded): the first screen is an explained pair (the gallery's, or generated scenes without
 * one), a mode change redraws every panel, thumbnails open images, two uploads show both maps, and
 * the match view follows the pointer.
 */
class WebPageBrowserTest {
    /** The system's Chromium; {@code -Dpairviz.chromium=PATH} points elsewhere. */
    static final Path CHROMIUM = Paths.get(System.getProperty("pairviz.chromium", "/usr/bin/chromium"));

    @TempDir Path tmp;

    /** Panels whose pictures come from the server, each marked with the options it was drawn with. */
    static final List<String> SERVER_PANELS = List.of("map-a", "map-b", "matches", "classmap-canvas");

    static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            String why = "browser test skipped: no Chromium at " + CHROMIUM + " (install it: apt-get install -y chromium)";
            System.err.println("WebPageBrowserTest: " + why); // in the build log, not only in the report
            Assumptions.abort(why);
        }
    }

    static Browser launch(Playwright pw) {
        return pw.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync")));
    }

    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /** Waits until no request is in flight; fails if one failed. */
    static void settle(Page page) {
        java.util.List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onResponse(r -> {
            if (r.status() >= 400) {
                failures.add(r.status() + " " + r.url() + " " + r.text());
            }
        });
        page.onConsoleMessage(m -> failures.add("console " + m.type() + ": " + m.text()));
        page.waitForSelector("body[data-state=ready], body[data-state=error]");
        assertThat(page.getAttribute("body", "data-state")).as(page.textContent("#status") + " " + failures)
                .isEqualTo("ready");
    }

    @Test
    void opensOnTheGalleryPairExplainedAndAModeChangeRefreshesEveryPanel() throws IOException {
        requireChromium();
        Path gallery = galleryOfBlobs();
        try (EmbeddingModel model = EmbeddingModel.load(Fixtures.fixture("vit_tiny.pth"), ModelOptions.auto().withHeads(4));
                WebServer server = WebServer.start(model, WebOptions.defaults().withAddress("127.0.0.1", 0)
                        .withGalleries(List.of(gallery)), msg -> {});
                Playwright pw = playwright();
                Browser browser = launch(pw)) {
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1360, 1000));
            page.navigate(server.uri().toString());
            settle(page);

            // the first screen: the first two images of the first class, explained, nothing else done
            String a = "scenes/blobs/blob0.png";
            String b = "scenes/blobs/blob1.png";
            assertThat(page.textContent("#name-a")).isEqualTo("scenes/blobs · blob0.png");
            assertThat(page.textContent("#name-b")).isEqualTo("scenes/blobs · blob1.png");
            JsonNode api = explainIds(server, a, b, "auto");
            assertThat(page.textContent("#score")).isEqualTo(String.format(java.util.Locale.ROOT, "%.4f",
                    api.get("score").asDouble()));
            for (String id : List.of("image-a", "image-b", "map-a", "map-b", "classmap-canvas")) {
                assertThat(blank(page, id)).as(id + " drawn").isFalse();
            }
            assertThat(page.locator(".match").count()).as("A's matches: the other two blobs").isEqualTo(2);
            assertThat(page.locator(".match .meta span").allTextContents()).allMatch(t -> t.matches(
                    "#\\d -?\\d\\.\\d{3} · blobs · blob[12]\\.png"), "each match named by its class and caption");
            for (String id : SERVER_PANELS) {
                assertThat(page.getAttribute("#" + id, "data-options")).as(id).isEqualTo("auto|mean|0|jet");
            }
            // thumbnails to pick from, captioned by file name, the open pair outlined
            assertThat(page.locator(".thumb").count()).isEqualTo(3);
            assertThat(page.locator(".thumb figcaption").allTextContents()).containsExactly("blob0.png", "blob1.png", "blob2.png");
            assertThat(page.getAttribute(".thumb[data-id='" + a + "']", "class")).contains("is-a");
            assertThat(page.getAttribute(".thumb[data-id='" + b + "']", "class")).contains("is-b");

            // a mode change redraws every panel from the server, none left from the old mode
            Map<String, String> before = digests(page);
            page.selectOption("#mode", "reference");
            settle(page);
            for (String id : SERVER_PANELS) {
                assertThat(page.getAttribute("#" + id, "data-options")).as(id).isEqualTo("reference|mean|0|jet");
            }
            assertThat(page.locator(".stale").count()).isZero();
            Map<String, String> after = digests(page);
            for (String id : before.keySet()) {
                assertThat(after.get(id)).as(id + " redrawn under the new mode").isNotEqualTo(before.get(id));
            }
            assertThat(page.textContent("#score")).isEqualTo(String.format(java.util.Locale.ROOT, "%.4f",
                    explainIds(server, a, b, "reference").get("score").asDouble()));

            // a thumbnail's B button opens that image as B
            page.click(".thumb[data-id='scenes/blobs/blob2.png'] button.b");
            settle(page);
            assertThat(page.textContent("#name-b")).isEqualTo("scenes/blobs · blob2.png");
            assertThat(page.textContent("#score")).isEqualTo(String.format(java.util.Locale.ROOT, "%.4f",
                    explainIds(server, a, "scenes/blobs/blob2.png", "reference").get("score").asDouble()));
        }
    }

    @Test
    void withoutAGalleryOpensOnTwoExampleScenesExplained() throws IOException {
        requireChromium();
        try (EmbeddingModel model = EmbeddingModel.load(Fixtures.fixture("vit_tiny.pth"), ModelOptions.auto().withHeads(4));
                WebServer server = WebServer.start(model, WebOptions.defaults().withAddress("127.0.0.1", 0), msg -> {});
                Playwright pw = playwright();
                Browser browser = launch(pw)) {
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1360, 1000));
            page.navigate(server.uri().toString());
            settle(page);
            assertThat(page.textContent("#name-a")).isEqualTo("examples/class-0 · 0.png");
            assertThat(page.textContent("#score")).matches("-?[01]\\.\\d{4}");
            assertThat(blank(page, "map-a")).isFalse();
            assertThat(blank(page, "map-b")).isFalse();
            assertThat(page.locator(".thumb").count()).isEqualTo(Examples.CLASSES * Examples.PER_CLASS);
            assertThat(page.textContent("#status")).contains("synthetic example scenes");
        }
    }

    @Test
    void uploadsTwoImagesShowsBothMapsAndFollowsThePointer() throws IOException {
        requireChromium();
        Path gallery = galleryOfBlobs();
        Path a = Fixtures.fixture("blob0_64.png").toAbsolutePath();
        Path b = Fixtures.fixture("blob1_64.png").toAbsolutePath();
        try (EmbeddingModel model = EmbeddingModel.load(Fixtures.fixture("vit_tiny.pth"), ModelOptions.auto().withHeads(4));
                WebServer server = WebServer.start(model, WebOptions.defaults().withAddress("127.0.0.1", 0)
                        .withGalleries(List.of(gallery)), msg -> {});
                Playwright pw = playwright();
                Browser browser = launch(pw)) {
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1360, 1000));
            page.navigate(server.uri().toString());
            settle(page);

            page.setInputFiles("#file-a", a);
            page.setInputFiles("#file-b", b);
            settle(page);
            assertThat(page.textContent("#name-a")).isEqualTo("blob0_64.png");
            assertThat(blank(page, "map-a")).as("map A drawn").isFalse();
            assertThat(blank(page, "map-b")).as("map B drawn").isFalse();

            // the score shown is the API's
            JsonNode api = Http.send(Http.post(server.uri(), "/api/explain", new Http.Form()
                    .file("a", "a.png", Files.readAllBytes(a)).file("b", "b.png", Files.readAllBytes(b)))).json();
            assertThat(page.textContent("#score")).isEqualTo(String.format(java.util.Locale.ROOT, "%.4f",
                    api.get("score").asDouble()));

            // rest the pointer on patch (0, 0) of A, then on patch (3, 3): B's view changes and
            // marks the best match of that patch, the argmax of its row of S
            String before = pixels(page, "image-b");
            hoverPatch(page, "#image-a", 0, 0, 4);
            assertThat(page.getAttribute("#image-a", "data-hover")).isEqualTo("0");
            assertThat(page.getAttribute("#image-b", "data-view")).isEqualTo("match");
            assertThat(page.getAttribute("#image-b", "data-match")).isEqualTo(String.valueOf(argmax(api.get("S").get(0))));
            String first = pixels(page, "image-b");
            assertThat(first).isNotEqualTo(before);
            hoverPatch(page, "#image-a", 3, 3, 4);
            assertThat(page.getAttribute("#image-a", "data-hover")).isEqualTo("15");
            assertThat(page.getAttribute("#image-b", "data-match")).isEqualTo(String.valueOf(argmax(api.get("S").get(15))));
            assertThat(pixels(page, "image-b")).isNotEqualTo(first);

            // and the other way: a patch of B shows its column of S over A
            hoverPatch(page, "#map-b", 1, 2, 4);
            assertThat(page.getAttribute("#image-b", "data-hover")).isEqualTo("6");
            assertThat(page.getAttribute("#image-a", "data-view")).isEqualTo("match");

            // the gallery: top matches of the uploaded A (none of the gallery is left out)
            page.click("#retrieve");
            settle(page);
            assertThat(page.locator(".match").count()).isEqualTo(3);

            page.mouse().move(5, 5);
            hoverPatch(page, "#image-a", 1, 1, 4);
            Path shot = Path.of(System.getProperty("pairviz.screenshot", "target/web-page.png"));
            Files.createDirectories(shot.toAbsolutePath().getParent());
            page.screenshot(new Page.ScreenshotOptions().setPath(shot).setFullPage(true));
        }
    }

    /** A class-folder gallery "scenes" with one class "blobs" of three images. */
    Path galleryOfBlobs() throws IOException {
        Path gallery = tmp.resolve("scenes");
        Files.createDirectories(gallery.resolve("blobs"));
        for (int i = 0; i < 3; i++) {
            Files.copy(Fixtures.fixture("blob" + i + "_64.png"), gallery.resolve("blobs/blob" + i + ".png"));
        }
        return gallery;
    }

    static JsonNode explainIds(WebServer server, String a, String b, String mode) {
        return Http.send(Http.post(server.uri(), "/api/explain", new Http.Form()
                .field("a_id", a).field("b_id", b).field("mode", mode))).json();
    }

    /** Digests of every picture the server's numbers draw: both maps, the class map, every match card. */
    static Map<String, String> digests(Page page) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String id : List.of("map-a", "map-b", "classmap-canvas")) {
            out.put(id, pixels(page, id));
        }
        @SuppressWarnings("unchecked")
        List<String> cards = (List<String>) page.evaluate("() => [...document.querySelectorAll('.match canvas')].map((c) => {"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " let h = 0; for (let i = 0; i < d.length; i++) h = (h * 31 + d[i]) | 0; return String(h); })");
        for (int i = 0; i < cards.size(); i++) {
            out.put("match canvas " + i, cards.get(i));
        }
        return out;
    }

    static void hoverPatch(Page page, String selector, int row, int col, int grid) {
        Locator canvas = page.locator(selector);
        BoundingBox box = canvas.boundingBox();
        double cell = box.width / grid;
        page.mouse().move(box.x + (col + 0.5) * cell, box.y + (row + 0.5) * cell, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(2));
    }

    /** Whether every pixel of a canvas has the same colour. */
    static boolean blank(Page page, String id) {
        return (Boolean) page.evaluate("id => { const c = document.getElementById(id);"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " for (let i = 4; i < d.length; i++) if (d[i] !== d[i % 4]) return false; return true; }", id);
    }

    /** A digest of a canvas's pixels. */
    static String pixels(Page page, String id) {
        return (String) page.evaluate("id => { const c = document.getElementById(id);"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " let h = 0; for (let i = 0; i < d.length; i++) h = (h * 31 + d[i]) | 0; return String(h); }", id);
    }

    static int argmax(JsonNode row) {
        int best = 0;
        for (int i = 1; i < row.size(); i++) {
            if (row.get(i).asDouble() > row.get(best).asDouble()) {
                best = i;
            }
        }
        return best;
    }
}

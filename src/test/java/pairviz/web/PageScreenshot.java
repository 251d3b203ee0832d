package pairviz.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Draws the page of a running {@code pairviz serve} as a browser shows it once everything on its
 * first screen has arrived (the example pair explained, its matches and class map), into a PNG,
 * with Debian's Chromium as {@link WebPageBrowserTest} drives it. Used by
 * {@code scripts/web-screenshot.sh} for the README's picture; not part of the product.
 *
 * <p>Usage: {@code PageScreenshot URL OUT.png [WIDTH]}
 */
public final class PageScreenshot {
    private PageScreenshot() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PageScreenshot URL OUT.png [WIDTH]");
            System.exit(2);
        }
        if (!Files.isExecutable(WebPageBrowserTest.CHROMIUM)) {
            System.err.println("no Chromium at " + WebPageBrowserTest.CHROMIUM + " (apt-get install -y chromium)");
            System.exit(2);
        }
        int width = args.length > 2 ? Integer.parseInt(args[2]) : 1280;
        Path out = Path.of(args[1]);
        try (Playwright pw = WebPageBrowserTest.playwright(); Browser browser = WebPageBrowserTest.launch(pw)) {
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(width, 800));
            page.navigate(args[0]);
            page.waitForSelector("body[data-state=ready], body[data-state=error]",
                    new Page.WaitForSelectorOptions().setTimeout(300_000));
            if (!"ready".equals(page.getAttribute("body", "data-state"))) {
                System.err.println("the page reports an error: " + page.textContent("#status"));
                System.exit(1);
            }
            page.waitForFunction("() => [...document.images].every((i) => i.complete)");
            page.mouse().move(0, 0);
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            page.screenshot(new Page.ScreenshotOptions().setPath(out).setFullPage(true));
            System.out.println("wrote " + out);
        }
    }
}

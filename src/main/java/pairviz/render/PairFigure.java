package pairviz.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.Objects;

/**
 * One picture that summarises a pair: the two images on top, the map of each given the other
 * below it, the similarity score as a title and a colour bar for the maps.
 *
 * <pre>
 *            cosine similarity 0.8123
 *   +---------+   +---------+
 *   | image A |   | image B |
 *   +---------+   +---------+
 *   A  name       B  name
 *   +---------+   +---------+  high
 *   |  A | B  |   |  B | A  |  [bar]
 *   +---------+   +---------+  low
 *   A | B         B | A
 * </pre>
 *
 * Images are scaled to fit a square panel, keeping their aspect ratio. Pure Java2D.
 */
public final class PairFigure {
    /** Side of the square panel every image is fitted into. */
    public static final int PANEL = 256;
    private static final int MARGIN = 18;
    private static final int GAP = 14;
    private static final int TITLE_H = 34;
    private static final int CAPTION_H = 26;
    private static final int BAR_W = 14;
    private static final int BAR_GAP = 12;
    private static final int BAR_LABEL_W = 40;

    private static final Color BACKGROUND = Color.WHITE;
    private static final Color TEXT = new Color(0x22, 0x22, 0x22);
    private static final Color SECONDARY = new Color(0x70, 0x70, 0x70);
    private static final Color FRAME = new Color(0xd0, 0xd0, 0xd0);

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font NAME_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font BAR_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private PairFigure() {}

    /**
     * What the figure shows.
     *
     * @param imageA first image (as the network saw it, or the original)
     * @param imageB second image
     * @param aGivenB the map of A given B, drawn over A ({@link Overlay})
     * @param bGivenA the map of B given A, drawn over B
     * @param nameA short name of A (e.g. its file name), or null
     * @param nameB short name of B, or null
     * @param scoreLabel what the score is, e.g. {@code "cosine similarity"}
     * @param score the similarity of the pair (NaN prints as "n/a")
     * @param colormap the colormap of the maps, for the colour bar
     */
    public record Content(BufferedImage imageA, BufferedImage imageB, BufferedImage aGivenB, BufferedImage bGivenA,
            String nameA, String nameB, String scoreLabel, double score, Colormap colormap) {
        /** Checks that the four pictures and the colormap are present. */
        public Content {
            Objects.requireNonNull(imageA, "imageA");
            Objects.requireNonNull(imageB, "imageB");
            Objects.requireNonNull(aGivenB, "aGivenB");
            Objects.requireNonNull(bGivenA, "bGivenA");
            Objects.requireNonNull(colormap, "colormap");
            scoreLabel = scoreLabel == null ? "cosine similarity" : scoreLabel;
        }
    }

    /** The figure without file names, for a cosine similarity score. */
    public static BufferedImage draw(BufferedImage imageA, BufferedImage imageB, BufferedImage aGivenB,
            BufferedImage bGivenA, double score, Colormap colormap) {
        return draw(new Content(imageA, imageB, aGivenB, bGivenA, null, null, null, score, colormap));
    }

    /** Draws the figure. */
    public static BufferedImage draw(Content c) {
        int width = MARGIN + PANEL + GAP + PANEL + BAR_GAP + BAR_W + BAR_LABEL_W + MARGIN;
        int height = MARGIN + TITLE_H + 2 * (PANEL + CAPTION_H) + GAP + MARGIN / 2;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);

            int left = MARGIN;
            int right = MARGIN + PANEL + GAP;
            int top = MARGIN + TITLE_H;
            int bottom = top + PANEL + CAPTION_H + GAP;

            drawTitle(g, c, MARGIN + PANEL + GAP / 2, MARGIN);
            drawPanel(g, c.imageA(), left, top, "A", c.nameA());
            drawPanel(g, c.imageB(), right, top, "B", c.nameB());
            drawPanel(g, c.aGivenB(), left, bottom, "A | B", "A where it matches B");
            drawPanel(g, c.bGivenA(), right, bottom, "B | A", "B where it matches A");
            drawColourBar(g, c.colormap(), right + PANEL + BAR_GAP, bottom);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void drawTitle(Graphics2D g, Content c, int centreX, int y) {
        String score = Double.isNaN(c.score()) ? "n/a" : String.format(Locale.ROOT, "%.4f", c.score());
        String title = c.scoreLabel() + " " + score;
        g.setFont(TITLE_FONT);
        g.setColor(TEXT);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, centreX - fm.stringWidth(title) / 2, y + fm.getAscent());
    }

    /** An image fitted into the panel at (x, y), a thin frame, and a caption below. */
    private static void drawPanel(Graphics2D g, BufferedImage img, int x, int y, String label, String detail) {
        double scale = Math.min((double) PANEL / img.getWidth(), (double) PANEL / img.getHeight());
        int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
        int ix = x + (PANEL - w) / 2;
        int iy = y + (PANEL - h) / 2;
        if (w == img.getWidth() && h == img.getHeight()) {
            g.drawImage(img, ix, iy, null);
        } else {
            g.drawImage(img, ix, iy, w, h, null);
        }
        g.setColor(FRAME);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(ix - 1, iy - 1, w + 1, h + 1);

        int baseline = y + PANEL + 18;
        g.setFont(CAPTION_FONT);
        g.setColor(TEXT);
        g.drawString(label, x, baseline);
        int labelW = g.getFontMetrics().stringWidth(label);
        if (detail != null && !detail.isBlank()) {
            g.setFont(NAME_FONT);
            g.setColor(SECONDARY);
            int room = PANEL - labelW - 8;
            g.drawString(fit(g.getFontMetrics(), detail.strip(), room), x + labelW + 8, baseline);
        }
    }

    /** A vertical bar of the colormap beside the maps, high at the top. */
    private static void drawColourBar(Graphics2D g, Colormap colormap, int x, int y) {
        for (int row = 0; row < PANEL; row++) {
            int level = (int) Math.round((PANEL - 1 - row) * 255.0 / (PANEL - 1));
            g.setColor(new Color(colormap.rgb(level)));
            g.fillRect(x, y + row, BAR_W, 1);
        }
        g.setColor(FRAME);
        g.drawRect(x - 1, y - 1, BAR_W + 1, PANEL + 1);
        g.setFont(BAR_FONT);
        g.setColor(SECONDARY);
        FontMetrics fm = g.getFontMetrics();
        g.drawString("high", x + BAR_W + 5, y + fm.getAscent() - 2);
        g.drawString("low", x + BAR_W + 5, y + PANEL);
    }

    /** {@code text}, shortened with an ellipsis in the middle to fit {@code width} pixels. */
    static String fit(FontMetrics fm, String text, int width) {
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String dots = "\u2026";
        for (int keep = text.length() - 1; keep > 0; keep--) {
            int head = (keep + 1) / 2;
            String s = text.substring(0, head) + dots + text.substring(text.length() - (keep - head));
            if (fm.stringWidth(s) <= width) {
                return s;
            }
        }
        return dots;
    }
}

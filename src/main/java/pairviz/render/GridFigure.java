package pairviz.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A figure laid out as a grid of square panels, each an image with a caption and, if asked, a
 * coloured border (green for a correct match, red otherwise); a title on top and optional row
 * labels on the left. An image that is not square is letterboxed into its panel at its own aspect
 * ratio (scaled to fit, centred; never squashed or cropped), its border around the image. The paper's figures 1, 5, 6, 7, 8 and 9 are all such grids.
 */
public final class GridFigure {
    /** Border colour of a correct retrieval. */
    public static final Color CORRECT = new Color(0x1f, 0xa0, 0x3c);
    /** Border colour of a wrong retrieval. */
    public static final Color WRONG = new Color(0xd0, 0x24, 0x24);

    private static final int MARGIN = 16;
    private static final int GAP = 10;
    private static final int TITLE_H = 32;
    private static final int CAPTION_H = 22;
    private static final int BORDER = 4;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font ROW_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Color TEXT = new Color(0x22, 0x22, 0x22);
    private static final Color FRAME = new Color(0xd0, 0xd0, 0xd0);

    /** One panel: an image (null leaves the cell empty), its caption, and a border colour or null. */
    public record Cell(BufferedImage image, String caption, Color border) {
        public static Cell of(BufferedImage image, String caption) {
            return new Cell(image, caption, null);
        }

        public static Cell empty() {
            return new Cell(null, null, null);
        }
    }

    private final String title;
    private final int panel;
    private final List<String> rowLabels = new ArrayList<>();
    private final List<List<Cell>> rows = new ArrayList<>();

    /** @param panel side of each square panel in pixels */
    public GridFigure(String title, int panel) {
        this.title = title;
        this.panel = panel;
    }

    /** Adds a row of cells, with a label drawn to its left (null for none). */
    public GridFigure addRow(String label, List<Cell> cells) {
        rowLabels.add(label);
        rows.add(List.copyOf(cells));
        return this;
    }

    /** Draws the figure. */
    public BufferedImage draw() {
        int cols = rows.stream().mapToInt(List::size).max().orElse(0);
        if (cols == 0) {
            throw new IllegalStateException("a figure needs at least one cell");
        }
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        pg.setFont(ROW_FONT);
        int labelW = rowLabels.stream().filter(l -> l != null && !l.isBlank())
                .mapToInt(l -> pg.getFontMetrics().stringWidth(l) + GAP).max().orElse(0);
        pg.dispose();
        int cellW = panel + 2 * BORDER;
        int cellH = panel + 2 * BORDER + CAPTION_H;
        int width = 2 * MARGIN + labelW + cols * cellW + (cols - 1) * GAP;
        int height = MARGIN + TITLE_H + rows.size() * cellH + (rows.size() - 1) * GAP + MARGIN;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(TEXT);
            g.setFont(TITLE_FONT);
            FontMetrics tm = g.getFontMetrics();
            g.drawString(PairFigure.fit(tm, title, width - 2 * MARGIN), MARGIN, MARGIN + tm.getAscent());
            for (int r = 0; r < rows.size(); r++) {
                int y = MARGIN + TITLE_H + r * (cellH + GAP);
                String label = rowLabels.get(r);
                if (label != null) {
                    g.setFont(ROW_FONT);
                    g.setColor(TEXT);
                    g.drawString(label, MARGIN, y + BORDER + panel / 2);
                }
                List<Cell> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    drawCell(g, row.get(c), MARGIN + labelW + c * (cellW + GAP), y);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private void drawCell(Graphics2D g, Cell cell, int x, int y) {
        if (cell.image() == null) {
            return;
        }
        BufferedImage img = cell.image();
        double scale = Math.min((double) panel / img.getWidth(), (double) panel / img.getHeight());
        int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
        int ix = x + BORDER + (panel - w) / 2;
        int iy = y + BORDER + (panel - h) / 2;
        if (cell.border() != null) { // around the picture, not the letterbox
            g.setColor(cell.border());
            g.fillRect(ix - BORDER, iy - BORDER, w + 2 * BORDER, h + 2 * BORDER);
        }
        g.drawImage(img, ix, iy, w, h, null);
        if (cell.border() == null) {
            g.setColor(FRAME);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(ix - 1, iy - 1, w + 1, h + 1);
        }
        if (cell.caption() != null) {
            g.setFont(CAPTION_FONT);
            g.setColor(TEXT);
            FontMetrics fm = g.getFontMetrics();
            String text = PairFigure.fit(fm, cell.caption(), panel + 2 * BORDER);
            g.drawString(text, x + (panel + 2 * BORDER - fm.stringWidth(text)) / 2, y + panel + 2 * BORDER + 16);
        }
    }
}

package pairviz.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Line charts side by side sharing one legend, e.g. the mean deletion and insertion curves of
 * several methods, or retrieval curves over ranks. Each series is evenly spaced from x = xFrom to
 * x = xTo (0 to 1 unless said otherwise). Pure Java2D.
 *
 * <pre>
 *                         title
 *   +-----------+  +-----------+  +-----------+   -- series 1
 *   |  panel 1  |  |  panel 2  |  |  panel 3  |   -- series 2
 *   +-----------+  +-----------+  +-----------+
 * </pre>
 */
public final class LineChart {
    private static final int PLOT = 300;
    private static final int MARGIN = 16;
    private static final int AXIS_W = 46;
    private static final int AXIS_H = 40;
    private static final int TITLE_H = 30;
    private static final int PANEL_TITLE_H = 22;
    private static final int GAP = 22;
    private static final int LEGEND_W = 170;
    private static final int LEGEND_ROW = 18;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font PANEL_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Color TEXT = new Color(0x22, 0x22, 0x22);
    private static final Color GRID = new Color(0xe4, 0xe4, 0xe4);
    private static final Color FRAME = new Color(0x90, 0x90, 0x90);
    /** Ten distinguishable colours (matplotlib's tab10), reused in turn. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    private LineChart() {}

    /**
     * One chart.
     *
     * @param title above the plot
     * @param xLabel under the x axis
     * @param yLabel left of the plot (short)
     * @param series name -> y values (at least 2 each), drawn in order; the same name has the same
     *     colour in every panel
     * @param xFrom x of each series' first value
     * @param xTo x of each series' last value
     */
    public record Panel(String title, String xLabel, String yLabel, Map<String, double[]> series, double xFrom, double xTo) {
        public Panel {
            series = new LinkedHashMap<>(series);
        }

        /** A panel whose series run from x = 0 to x = 1. */
        public Panel(String title, String xLabel, String yLabel, Map<String, double[]> series) {
            this(title, xLabel, yLabel, series, 0, 1);
        }
    }

    /** Draws the panels in a row under a title, with one legend of every series name. */
    public static BufferedImage draw(String title, List<Panel> panels) {
        Map<String, Color> colours = new LinkedHashMap<>();
        for (Panel p : panels) {
            for (String name : p.series().keySet()) {
                colours.computeIfAbsent(name, n -> PALETTE[colours.size() % PALETTE.length]);
            }
        }
        int cellW = AXIS_W + PLOT;
        int w = 2 * MARGIN + panels.size() * cellW + (panels.size() - 1) * GAP + GAP + LEGEND_W;
        w = Math.max(w, 2 * MARGIN + textWidth(title, TITLE_FONT));
        int plotsH = TITLE_H + PANEL_TITLE_H + PLOT + AXIS_H;
        int h = 2 * MARGIN + Math.max(plotsH, TITLE_H + colours.size() * LEGEND_ROW);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setColor(TEXT);
            g.setFont(TITLE_FONT);
            centred(g, title, w / 2, MARGIN + 20);
            for (int i = 0; i < panels.size(); i++) {
                int x0 = MARGIN + i * (cellW + GAP) + AXIS_W;
                int y0 = MARGIN + TITLE_H + PANEL_TITLE_H;
                panel(g, panels.get(i), colours, x0, y0);
            }
            int lx = MARGIN + panels.size() * (cellW + GAP);
            int ly = MARGIN + TITLE_H + PANEL_TITLE_H + 10;
            g.setFont(TICK_FONT);
            for (var e : colours.entrySet()) {
                g.setColor(e.getValue());
                g.setStroke(new BasicStroke(2.5f));
                g.drawLine(lx, ly, lx + 22, ly);
                g.setColor(TEXT);
                g.drawString(e.getKey(), lx + 28, ly + 4);
                ly += LEGEND_ROW;
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void panel(Graphics2D g, Panel p, Map<String, Color> colours, int x0, int y0) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] s : p.series().values()) {
            for (double v : s) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(lo <= hi)) {
            lo = 0;
            hi = 1;
        }
        double[] range = niceRange(lo, hi);
        lo = range[0];
        hi = range[1];
        g.setFont(PANEL_FONT);
        g.setColor(TEXT);
        centred(g, p.title(), x0 + PLOT / 2, y0 - 8);
        g.setFont(TICK_FONT);
        FontMetrics fm = g.getFontMetrics();
        double step = niceStep((hi - lo) / 5);
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        for (int t = 0; lo + t * step <= hi + step * 1e-6; t++) {
            double yv = lo + t * step;
            int y = py(y0, yv, lo, hi);
            g.setColor(GRID);
            g.drawLine(x0, y, x0 + PLOT, y);
            g.setColor(TEXT);
            String ys = String.format(Locale.ROOT, "%." + decimals + "f", yv);
            g.drawString(ys, x0 - 4 - fm.stringWidth(ys), y + 4);
        }
        int n = p.series().values().stream().mapToInt(v -> v.length).max().orElse(0);
        if (integerSteps(p, n)) {
            // ranks and the like: a tick at each whole x (every few when there are many)
            int every = Math.max(1, (int) Math.ceil(n / 10.0));
            for (int k = 0; k < n; k++) {
                int x = px(x0, k, n);
                g.setColor(GRID);
                g.drawLine(x, y0, x, y0 + PLOT);
                if (k % every == 0 || k == n - 1) {
                    g.setColor(TEXT);
                    centred(g, Long.toString(Math.round(p.xFrom()) + k), x, y0 + PLOT + 14);
                }
            }
        } else {
            for (int t = 0; t <= 4; t++) {
                int x = x0 + (int) Math.round(PLOT * (double) t / 4);
                g.setColor(GRID);
                g.drawLine(x, y0, x, y0 + PLOT);
                g.setColor(TEXT);
                double xv = p.xFrom() + (p.xTo() - p.xFrom()) * t / 4.0;
                String xs = String.format(Locale.ROOT, Math.abs(p.xTo() - p.xFrom()) <= 2 ? "%.2f" : "%.1f", xv);
                centred(g, xs, x, y0 + PLOT + 14);
            }
        }
        centred(g, p.xLabel(), x0 + PLOT / 2, y0 + PLOT + 32);
        g.drawString(p.yLabel(), x0 - AXIS_W + 2, y0 - 8);
        g.setColor(FRAME);
        g.drawRect(x0, y0, PLOT, PLOT);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (var e : p.series().entrySet()) {
            double[] s = e.getValue();
            g.setColor(colours.get(e.getKey()));
            if (s.length == 1 && Double.isFinite(s[0])) {
                g.fillOval(x0 + PLOT / 2 - 4, py(y0, s[0], lo, hi) - 4, 8, 8); // one point: a dot in the middle
                continue;
            }
            for (int k = 0; k + 1 < s.length; k++) {
                if (!Double.isFinite(s[k]) || !Double.isFinite(s[k + 1])) {
                    continue;
                }
                g.drawLine(px(x0, k, s.length), py(y0, s[k], lo, hi), px(x0, k + 1, s.length), py(y0, s[k + 1], lo, hi));
            }
            if (s.length <= 20) { // few points: mark each
                for (int k = 0; k < s.length; k++) {
                    if (Double.isFinite(s[k])) {
                        g.fillOval(px(x0, k, s.length) - 3, py(y0, s[k], lo, hi) - 3, 7, 7);
                    }
                }
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    /** Whether the panel's x values are whole numbers one apart (ranks 1..k, say). */
    private static boolean integerSteps(Panel p, int n) {
        return n >= 2 && p.xFrom() == Math.rint(p.xFrom()) && p.xTo() - p.xFrom() == n - 1;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5}) {
            if (m * p >= raw * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static int textWidth(String s, Font font) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        try {
            return g.getFontMetrics(font).stringWidth(s);
        } finally {
            g.dispose();
        }
    }

    private static int px(int x0, int k, int n) {
        return x0 + (int) Math.round(PLOT * (double) k / (n - 1));
    }

    private static int py(int y0, double v, double lo, double hi) {
        return y0 + PLOT - (int) Math.round(PLOT * (v - lo) / (hi - lo));
    }

    /** A range that contains [lo, hi], rounded outward to tenths (never empty). */
    static double[] niceRange(double lo, double hi) {
        double a = Math.floor(lo * 10) / 10;
        double b = Math.ceil(hi * 10) / 10;
        if (b <= a) {
            b = a + 0.1;
        }
        return new double[] {a, b};
    }

    private static void centred(Graphics2D g, String s, int cx, int baseline) {
        g.drawString(s, cx - g.getFontMetrics().stringWidth(s) / 2, baseline);
    }
}

package pairviz.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart of a few series over shared integer x values (e.g. rank 1..k), drawn with Java2D:
 * title, axes with ticks and labels, light grid, a marker at each point and a legend.
 */
public final class LineChart {
    /** One curve. */
    public record Series(String name, double[] y) {}

    private static final Color[] PALETTE = {
        new Color(0x1f, 0x77, 0xb4), new Color(0xd6, 0x27, 0x28), new Color(0x2c, 0xa0, 0x2c),
        new Color(0xff, 0x7f, 0x0e), new Color(0x94, 0x67, 0xbd), new Color(0x8c, 0x56, 0x4b)};
    private static final Color TEXT = new Color(0x22, 0x22, 0x22);
    private static final Color GRID = new Color(0xe4, 0xe4, 0xe4);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a curve; its point i is drawn at x = i + 1. */
    public LineChart add(String name, double[] y) {
        series.add(new Series(name, y.clone()));
        return this;
    }

    /** Draws the chart. */
    public BufferedImage draw(int width, int height) {
        int n = series.stream().mapToInt(s -> s.y().length).max().orElse(0);
        if (n == 0) {
            throw new IllegalStateException("a chart needs at least one point");
        }
        double[] range = yRange();
        double step = niceStep((range[1] - range[0]) / 5);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int left = 76;
            int right = width - 24;
            int top = 52;
            int bottom = height - 58;
            g.setColor(TEXT);
            g.setFont(TITLE_FONT);
            FontMetrics tm = g.getFontMetrics();
            g.drawString(PairFigure.fit(tm, title, width - 32), (width - tm.stringWidth(PairFigure.fit(tm, title, width - 32))) / 2, 28);
            // y grid and ticks
            g.setFont(TICK_FONT);
            FontMetrics fm = g.getFontMetrics();
            int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
            for (double v = range[0]; v <= range[1] + step / 2; v += step) {
                int y = yPixel(v, range, top, bottom);
                g.setColor(GRID);
                g.draw(new Line2D.Double(left, y, right, y));
                g.setColor(TEXT);
                String t = String.format(Locale.ROOT, "%." + decimals + "f", v);
                g.drawString(t, left - 8 - fm.stringWidth(t), y + fm.getAscent() / 2 - 1);
            }
            // x ticks at every point (or every few when there are many)
            int every = Math.max(1, (int) Math.ceil(n / 15.0));
            for (int i = 1; i <= n; i++) {
                int x = xPixel(i, n, left, right);
                g.setColor(TEXT);
                g.drawLine(x, bottom, x, bottom + 4);
                if ((i - 1) % every == 0 || i == n) {
                    String t = Integer.toString(i);
                    g.drawString(t, x - fm.stringWidth(t) / 2, bottom + 6 + fm.getAscent());
                }
            }
            g.setColor(TEXT);
            g.setStroke(new BasicStroke(1.2f));
            g.drawLine(left, top, left, bottom);
            g.drawLine(left, bottom, right, bottom);
            // axis labels
            g.setFont(LABEL_FONT);
            FontMetrics lm = g.getFontMetrics();
            g.drawString(xLabel, (left + right - lm.stringWidth(xLabel)) / 2, height - 16);
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(yLabel, -(top + bottom + lm.stringWidth(yLabel)) / 2, 20);
            g.setTransform(saved);
            // curves
            for (int s = 0; s < series.size(); s++) {
                Series c = series.get(s);
                g.setColor(PALETTE[s % PALETTE.length]);
                g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                Path2D.Double path = new Path2D.Double();
                for (int i = 0; i < c.y().length; i++) {
                    double x = xPixel(i + 1, n, left, right);
                    double y = yPixel(c.y()[i], range, top, bottom);
                    if (i == 0) {
                        path.moveTo(x, y);
                    } else {
                        path.lineTo(x, y);
                    }
                }
                g.draw(path);
                for (int i = 0; i < c.y().length; i++) {
                    int x = xPixel(i + 1, n, left, right);
                    int y = yPixel(c.y()[i], range, top, bottom);
                    g.fillOval(x - 4, y - 4, 8, 8);
                }
            }
            drawLegend(g, right, top);
        } finally {
            g.dispose();
        }
        return out;
    }

    private void drawLegend(Graphics2D g, int right, int top) {
        g.setFont(LABEL_FONT);
        FontMetrics fm = g.getFontMetrics();
        int w = series.stream().mapToInt(s -> fm.stringWidth(s.name())).max().orElse(0) + 44;
        int h = series.size() * 20 + 10;
        int x = right - w - 8;
        int y = top + 8;
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(x, y, w, h);
        g.setColor(new Color(0xb0, 0xb0, 0xb0));
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x, y, w, h);
        for (int s = 0; s < series.size(); s++) {
            int cy = y + 15 + s * 20;
            g.setColor(PALETTE[s % PALETTE.length]);
            g.setStroke(new BasicStroke(2.2f));
            g.drawLine(x + 8, cy, x + 28, cy);
            g.fillOval(x + 14, cy - 4, 8, 8);
            g.setColor(TEXT);
            g.drawString(series.get(s).name(), x + 36, cy + fm.getAscent() / 2 - 1);
        }
    }

    /** The y range shown: the data's, widened to whole steps, always within [0, 1] when the data are. */
    private double[] yRange() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.y()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (hi - lo < 1e-9) {
            lo -= 0.05;
            hi += 0.05;
        }
        double pad = (hi - lo) * 0.1;
        double step = niceStep((hi - lo + 2 * pad) / 5);
        double a = Math.floor((lo - pad) / step) * step;
        double b = Math.ceil((hi + pad) / step) * step;
        if (lo >= 0 && a < 0) {
            a = 0;
        }
        if (hi <= 1 && b > 1) {
            b = 1;
        }
        return new double[] {a, b};
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw - 1e-12) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static int xPixel(int i, int n, int left, int right) {
        int inset = 20;
        return n == 1 ? (left + right) / 2 : left + inset + (int) Math.round((double) (i - 1) / (n - 1) * (right - left - 2 * inset));
    }

    private static int yPixel(double v, double[] range, int top, int bottom) {
        return (int) Math.round(bottom - (v - range[0]) / (range[1] - range[0]) * (bottom - top));
    }
}

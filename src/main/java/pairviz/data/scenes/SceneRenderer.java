package pairviz.data.scenes;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Rasterises placed objects over a background. Pure arithmetic (no Java2D), so the output is the
 * same on every machine. The instance mask samples each pixel's centre; the picture averages a
 * 3 x 3 grid of object samples per pixel (anti-aliasing) whose middle sample is that centre. At
 * every sample the last-drawn object covering it wins (occlusion).
 */
final class SceneRenderer {
    private SceneRenderer() {}

    /** Samples per pixel along each axis in the picture. */
    static final int SUPERSAMPLING = 3;

    /**
     * Which object shows at each pixel centre, and per object its unoccluded footprint.
     *
     * @param mask label k = object k-1 of the list (1-based), 0 = background
     * @param area per object, pixel centres covered before occlusion
     * @param bbox per object, the box of those pixel centres
     * @param visible per object, pixels carrying its label in the mask
     */
    record Coverage(LabelMap mask, int[] area, SceneObject.Box[] bbox, int[] visible) {}

    static Coverage cover(int size, List<PlacedObject> objects) {
        LabelMap mask = new LabelMap(size, size);
        int n = objects.size();
        int[] area = new int[n];
        SceneObject.Box[] bbox = new SceneObject.Box[n];
        for (int k = 0; k < n; k++) {
            PlacedObject o = objects.get(k);
            int x0 = Integer.MAX_VALUE;
            int y0 = Integer.MAX_VALUE;
            int x1 = Integer.MIN_VALUE;
            int y1 = Integer.MIN_VALUE;
            for (int y = o.minPixel(o.cy, size); y < o.maxPixel(o.cy, size); y++) {
                for (int x = o.minPixel(o.cx, size); x < o.maxPixel(o.cx, size); x++) {
                    if (o.covers(x + 0.5, y + 0.5)) {
                        mask.set(x, y, k + 1);
                        area[k]++;
                        x0 = Math.min(x0, x);
                        y0 = Math.min(y0, y);
                        x1 = Math.max(x1, x + 1);
                        y1 = Math.max(y1, y + 1);
                    }
                }
            }
            bbox[k] = area[k] == 0 ? SceneObject.Box.EMPTY : new SceneObject.Box(x0, y0, x1, y1);
        }
        int[] histogram = mask.histogram();
        int[] visible = new int[n];
        for (int k = 0; k < n; k++) {
            visible[k] = histogram[k + 1];
        }
        return new Coverage(mask, area, bbox, visible);
    }

    /**
     * The anti-aliased picture (TYPE_INT_RGB). The background is smooth, so it is sampled once
     * per pixel, at the centre; objects are sampled on the 3 x 3 grid.
     */
    static BufferedImage paint(int size, Background background, List<PlacedObject> objects) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int s = SUPERSAMPLING;
        int samples = s * s;
        int[] row = new int[size];
        PlacedObject[] near = new PlacedObject[objects.size()];
        for (int py = 0; py < size; py++) {
            for (int px = 0; px < size; px++) {
                int bg = background.colourAt(px + 0.5, py + 0.5);
                // Objects whose square [c - r, c + r] overlaps this pixel, in drawing order.
                int n = 0;
                for (PlacedObject o : objects) {
                    if (o.cx + o.radius >= px && o.cx - o.radius <= px + 1 && o.cy + o.radius >= py && o.cy - o.radius <= py + 1) {
                        near[n++] = o;
                    }
                }
                if (n == 0) {
                    row[px] = bg;
                    continue;
                }
                int r = 0;
                int g = 0;
                int b = 0;
                for (int sy = 0; sy < s; sy++) {
                    double y = py + (sy + 0.5) / s;
                    for (int sx = 0; sx < s; sx++) {
                        double x = px + (sx + 0.5) / s;
                        int c = -1;
                        for (int k = n - 1; k >= 0 && c < 0; k--) {
                            c = near[k].colourAt(x, y);
                        }
                        if (c < 0) {
                            c = bg;
                        }
                        r += c >> 16 & 0xFF;
                        g += c >> 8 & 0xFF;
                        b += c & 0xFF;
                    }
                }
                // Rounded mean of the samples.
                row[px] = (r + samples / 2) / samples << 16 | (g + samples / 2) / samples << 8 | (b + samples / 2) / samples;
            }
            image.setRGB(0, py, size, 1, row, 0, size);
        }
        return image;
    }
}

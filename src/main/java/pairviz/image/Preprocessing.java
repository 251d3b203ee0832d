package pairviz.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a network needs to see a photo as its authors meant: the one description of
 * preprocessing, which travels with the model (read from its checkpoint, its library's
 * configuration or a file beside it) and which flags override.
 *
 * @param size side S of the network's square input
 * @param resize how a photo of any shape becomes S x S
 * @param cropFraction for {@link ResizePolicy#CENTER_CROP}: the crop's share of the shorter side
 *     (torchvision's 224 / 256 = 0.875); 1 otherwise
 * @param interpolation {@code bilinear} or {@code bicubic}, as PIL resamples (antialiased)
 * @param range the pixel range before normalisation
 * @param norm mean and standard deviation, applied to values in {@code range}
 * @param bgr whether the network takes blue, green, red (else red, green, blue)
 * @param origin for each field name above, where its value came from (for example
 *     {@code "checkpoint metadata"}, {@code "preprocessor_config.json"}, {@code "--norm"},
 *     {@code "default"}), for {@code inspect}, the JSON and the notes on stderr
 */
public record Preprocessing(int size, ResizePolicy resize, double cropFraction, String interpolation,
        PixelRange range, Normalization norm, boolean bgr, Map<String, String> origin) {

    public Preprocessing {
        if (size <= 0) {
            throw new IllegalArgumentException("input size " + size);
        }
        Objects.requireNonNull(resize);
        Objects.requireNonNull(range);
        Objects.requireNonNull(norm);
        if (!(cropFraction > 0 && cropFraction <= 1)) {
            throw new IllegalArgumentException("crop fraction " + cropFraction + " is not in (0, 1]");
        }
        if (!"bilinear".equals(interpolation) && !"bicubic".equals(interpolation)) {
            throw new IllegalArgumentException("interpolation " + interpolation + ": expected bilinear or bicubic");
        }
        origin = Map.copyOf(origin);
    }

    /**
     * The JSON form ({@code inspect --json}, {@code explain --json}): {@code size}, {@code resize},
     * {@code crop_fraction}, {@code interpolation}, {@code pixel_range}, {@code mean}, {@code std},
     * {@code bgr}, and {@code origin}: where each came from, by field name.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("size", size);
        m.put("resize", resize.id());
        m.put("crop_fraction", cropFraction);
        m.put("interpolation", interpolation);
        m.put("pixel_range", range.id());
        m.put("mean", norm.mean());
        m.put("std", norm.std());
        m.put("bgr", bgr);
        m.put("origin", new java.util.TreeMap<>(origin));
        return m;
    }

    /** The authors' preprocessing at side {@code size}: squash, bilinear, 0..1 with {@code norm}, RGB. */
    public static Preprocessing authors(int size, Normalization norm, Map<String, String> origin) {
        return new Preprocessing(size, ResizePolicy.SQUASH, 1.0, "bilinear", PixelRange.UNIT, norm, false, origin);
    }

    /**
     * The photo as the network sees it: resized under {@link #resize}, scaled to {@link #range},
     * normalised with {@link #norm}, channels in the network's order, and where that input lies on
     * the photo. This is the one place where a photo becomes a network input.
     *
     * <ul>
     *   <li>{@code squash}: the whole photo resized to S x S (the authors' path; bit-identical to
     *       {@link Preprocess#networkInput} with 0..1 and RGB);
     *   <li>{@code center-crop}: the shorter side resized to {@code round(S / cropFraction)} and the
     *       longer to {@code floor(that * longer / shorter)}, then the centre S x S, its offset
     *       {@code round((side - S) / 2)} with halves to even: torchvision's {@code Resize(int)}
     *       then {@code CenterCrop(S)} on a PIL image;
     *   <li>{@code pad} (letterbox): the longer side resized to S and the shorter to
     *       {@code round(S * shorter / longer)} (at least 1), centred; the padding is the mean
     *       colour of {@link #norm}, so every padded input value is exactly 0 after normalisation
     *       (the network sees "average", not black).
     * </ul>
     *
     * @return pixels [3, S, S] channel-major, and the photo rectangle they show
     */
    public PreparedImage prepare(BufferedImage photo) {
        Geometry g = geometry(photo.getWidth(), photo.getHeight());
        BufferedImage resized = Resize.resample(photo, g.resizedWidth, g.resizedHeight, interpolation);
        float[] pixels = new float[3 * size * size]; // [3, S, S]; padding stays 0, the normalised mean
        int[] px = Rgb.pixels(resized); // [rh * rw] 0xRRGGBB
        int plane = size * size;
        for (int c = 0; c < 3; c++) {
            int source = bgr ? 2 - c : c; // the photo's channel that goes to the network's channel c
            int shift = 16 - 8 * source;
            float mean = norm.mean(c);
            float std = norm.std(c);
            for (int y = 0; y < g.visibleHeight; y++) {
                int from = (y + g.cropTop) * g.resizedWidth + g.cropLeft;
                int to = c * plane + (y + g.padTop) * size + g.padLeft;
                for (int x = 0; x < g.visibleWidth; x++) {
                    float v = range.scale((px[from + x] >>> shift) & 0xff);
                    pixels[to + x] = (v - mean) / std;
                }
            }
        }
        return new PreparedImage(pixels, g.placement);
    }

    /**
     * The network's input values of one colour, in the network's channel order: a fill (a mean
     * colour, a baseline) that is normalised exactly as {@link #prepare} normalises a photo.
     *
     * @param red red, 0..255 (any fraction)
     * @param green green, 0..255
     * @param blue blue, 0..255
     * @return the three channels' values
     */
    public float[] colour(double red, double green, double blue) {
        double[] rgb = {red, green, blue};
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            out[c] = (range.scale(rgb[bgr ? 2 - c : c]) - norm.mean(c)) / norm.std(c);
        }
        return out;
    }

    /**
     * The S x S picture the network sees, before scaling and normalisation (for pictures of the
     * input): the resized photo, cropped or padded as {@link #prepare} does; padding is drawn in
     * the mean colour, rounded to bytes (channels in red, green, blue order).
     */
    public BufferedImage picture(BufferedImage photo) {
        Geometry g = geometry(photo.getWidth(), photo.getHeight());
        BufferedImage resized = Resize.resample(photo, g.resizedWidth, g.resizedHeight, interpolation);
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = out.createGraphics();
        try {
            gr.setColor(new Color(meanByte(0), meanByte(1), meanByte(2)));
            gr.fillRect(0, 0, size, size);
            gr.drawImage(resized.getSubimage(g.cropLeft, g.cropTop, g.visibleWidth, g.visibleHeight), g.padLeft,
                    g.padTop, null);
        } finally {
            gr.dispose();
        }
        return out;
    }

    /** Where the input lands on a {@code width} x {@code height} photo, exactly as {@link #prepare} places it. */
    public Placement placement(int width, int height) {
        return geometry(width, height).placement;
    }

    /** The shorter side's length before the centre crop: {@code round(S / cropFraction)}. */
    public int resizedShorterSide() {
        return (int) Math.round(size / cropFraction);
    }

    /** The byte value 0..255 of channel {@code c}'s mean (red, green, blue), for drawing padding. */
    private int meanByte(int c) {
        int networkChannel = bgr ? 2 - c : c;
        double m = norm.mean(networkChannel);
        double v = switch (range) {
            case UNIT -> m * 255;
            case BYTE -> m;
            case SIGNED -> (m + 1) * 127.5;
        };
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /**
     * How a photo maps onto the input: the size it is resized to, the part of that kept (crop) and
     * where it goes in the S x S input (pad).
     */
    private record Geometry(int resizedWidth, int resizedHeight, int cropLeft, int cropTop, int padLeft, int padTop,
            int visibleWidth, int visibleHeight, Placement placement) {}

    private Geometry geometry(int w, int h) {
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException("empty photo " + w + "x" + h);
        }
        switch (resize) {
            case SQUASH:
                return new Geometry(size, size, 0, 0, 0, 0, size, size, Placement.squash(w, h));
            case CENTER_CROP: {
                // torchvision's _compute_resized_output_size: short side to r, long to int(r * long / short)
                int r = resizedShorterSide();
                int rw = w <= h ? r : (int) ((double) ((long) r * w) / h);
                int rh = w <= h ? (int) ((double) ((long) r * h) / w) : r;
                if (rw < size || rh < size) {
                    throw new IllegalArgumentException("resized " + rw + "x" + rh + " is smaller than the crop " + size);
                }
                // CenterCrop: int(round((side - S) / 2.0)), Python's round (halves to even)
                int left = (int) Math.rint((rw - size) / 2.0);
                int top = (int) Math.rint((rh - size) / 2.0);
                double sx = (double) w / rw;
                double sy = (double) h / rh;
                return new Geometry(rw, rh, left, top, 0, 0, size, size,
                        new Placement(w, h, left * sx, top * sy, size * sx, size * sy));
            }
            case PAD: {
                int longer = Math.max(w, h);
                int rw = w >= h ? size : (int) Math.max(1, Math.round((double) size * w / longer));
                int rh = h >= w ? size : (int) Math.max(1, Math.round((double) size * h / longer));
                int left = (size - rw) / 2;
                int top = (size - rh) / 2;
                double sx = (double) w / rw;
                double sy = (double) h / rh;
                return new Geometry(rw, rh, 0, 0, left, top, rw, rh,
                        new Placement(w, h, -left * sx, -top * sy, size * sx, size * sy));
            }
            default:
                throw new IllegalStateException(resize.toString());
        }
    }
}

package pairviz.image;

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
}

package pairviz.image;

import java.util.Arrays;
import java.util.Locale;
import pairviz.PairvizException;

/**
 * Per-channel normalisation of [0,1] RGB values: {@code (v - mean[c]) / std[c]}, as
 * {@code torchvision.transforms.Normalize(mean, std)}.
 *
 * @param mean three channel means (R, G, B)
 * @param std three channel standard deviations (R, G, B), each at least {@link #MIN_STD}
 */
public record Normalization(float[] mean, float[] std) {
    /** ImageNet statistics (the paper's Hotels-50k and GLM models). */
    public static final Normalization IMAGENET =
            new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    /** Stanford Online Products statistics (the paper's SOP models). */
    public static final Normalization SOP =
            new Normalization(new float[] {0.5807f, 0.5396f, 0.5044f}, new float[] {0.2901f, 0.2974f, 0.3095f});

    /**
     * The smallest standard deviation taken: a pixel value divided by less (1e-40 is a denormal
     * float) becomes a number so large that the network's output overflows to infinity or NaN.
     * Real networks' deviations are near 0.2 (values 0..1), 0.5 (-1..1) or 60 (0..255).
     */
    public static final float MIN_STD = 1e-6f;

    private static final String SYNTAX = "expected imagenet, sop or MEAN_R,MEAN_G,MEAN_B:STD_R,STD_G,STD_B";

    /** Checks the values and keeps private copies. */
    public Normalization {
        if (mean == null || std == null || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("normalisation needs 3 means and 3 standard deviations");
        }
        mean = mean.clone();
        std = std.clone();
        for (int c = 0; c < 3; c++) {
            if (!Float.isFinite(mean[c]) || !Float.isFinite(std[c]) || !(std[c] >= MIN_STD)) {
                throw new IllegalArgumentException("normalisation needs finite means and standard deviations of at least "
                        + MIN_STD);
            }
        }
    }

    /** A copy of the three means. */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** A copy of the three standard deviations. */
    @Override
    public float[] std() {
        return std.clone();
    }

    /** Mean of channel {@code c} (0 = R, 1 = G, 2 = B). */
    public float mean(int c) {
        return mean[c];
    }

    /** Standard deviation of channel {@code c} (0 = R, 1 = G, 2 = B). */
    public float std(int c) {
        return std[c];
    }

    /**
     * Parses {@code imagenet}, {@code sop} (any case) or explicit values {@code R,G,B:R,G,B}
     * (means, then standard deviations).
     *
     * @throws PairvizException with a one-line message naming the text when it is not one of these
     */
    public static Normalization parse(String text) {
        String t = text == null ? "" : text.strip();
        switch (t.toLowerCase(Locale.ROOT)) {
            case "imagenet":
                return IMAGENET;
            case "sop":
                return SOP;
            default:
                break;
        }
        String[] parts = t.split(":", -1);
        if (parts.length != 2) {
            throw bad(text, SYNTAX);
        }
        float[] mean = triple(text, parts[0]);
        float[] std = triple(text, parts[1]);
        for (float s : std) {
            if (!(s > 0)) {
                throw bad(text, "standard deviations must be positive");
            }
            if (s < MIN_STD) {
                throw bad(text, "a standard deviation below 1e-6 makes pixel values too large for the network");
            }
        }
        return new Normalization(mean, std);
    }

    private static float[] triple(String text, String part) {
        String[] fields = part.split(",", -1);
        if (fields.length != 3) {
            throw bad(text, SYNTAX);
        }
        float[] values = new float[3];
        for (int i = 0; i < 3; i++) {
            try {
                values[i] = Float.parseFloat(fields[i].strip());
            } catch (NumberFormatException e) {
                throw bad(text, "'" + fields[i].strip() + "' is not a number; " + SYNTAX);
            }
            if (!Float.isFinite(values[i])) {
                throw bad(text, "values must be finite numbers");
            }
        }
        return values;
    }

    private static PairvizException bad(String text, String why) {
        return new PairvizException("bad normalisation '" + text + "': " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}

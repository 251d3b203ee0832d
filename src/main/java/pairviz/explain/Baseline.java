package pairviz.explain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import pairviz.PairvizException;
import pairviz.image.GaussianBlur;

/**
 * The image integrated gradients start from, defined on the photo (pixel space) and carried into
 * the network's input through the model's own normalisation, so that it means the same picture
 * whatever the normalisation is (the zero input is the normalisation's mean colour under
 * ImageNet statistics, but black under a raw 0..255 input).
 */
public enum Baseline {
    /** Every pixel black (0 in each channel before normalisation): the usual choice (Sundararajan et al. 2017). */
    BLACK,
    /** Every pixel the image's own mean colour. */
    MEAN,
    /** The image blurred by a Gaussian of sigma {@code S / }{@value #BLUR_DIVISOR} (S the input side). */
    BLUR;

    /** The blur baseline's sigma is the input side over this. */
    public static final int BLUR_DIVISOR = 16;

    /** The lower-case name used by flags, JSON and the web API. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an {@link #id()}. */
    public static Baseline parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (Baseline b : values()) {
            if (b.id().equals(t)) {
                return b;
            }
        }
        throw new PairvizException("unknown baseline '" + text + "': use " + ids());
    }

    /** Every id, comma-separated. */
    public static String ids() {
        return Arrays.stream(values()).map(Baseline::id).collect(Collectors.joining(", "));
    }

    /**
     * The baseline's network input for image {@code x}.
     *
     * @param x the image's normalised input, 3 x S x S
     * @param size S
     * @param black the network input of a black pixel, per channel (null when unknown)
     * @throws PairvizException for {@link #BLACK} when {@code black} is unknown
     */
    public float[] input(float[] x, int size, float[] black) {
        int plane = size * size;
        float[] out = new float[3 * plane];
        switch (this) {
            case BLACK -> {
                if (black == null) {
                    throw new PairvizException("the black baseline needs the input's normalisation, which these"
                            + " features were made without (make them through an ImageEmbedder, or start from the mean"
                            + " or blur baseline)");
                }
                for (int c = 0; c < 3; c++) {
                    Arrays.fill(out, c * plane, (c + 1) * plane, black[c]);
                }
            }
            case MEAN -> {
                for (int c = 0; c < 3; c++) {
                    double sum = 0;
                    for (int i = 0; i < plane; i++) {
                        sum += x[c * plane + i];
                    }
                    Arrays.fill(out, c * plane, (c + 1) * plane, (float) (sum / plane));
                }
            }
            case BLUR -> out = GaussianBlur.apply(x, size, (double) size / BLUR_DIVISOR);
        }
        return out;
    }
}

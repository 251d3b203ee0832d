package pairviz.image;

import java.util.Locale;
import pairviz.PairvizException;

/** The range a network's input pixels take before mean and standard deviation are applied. */
public enum PixelRange {
    /** v / 255, in [0, 1] (torchvision's {@code ToTensor}). */
    UNIT("0..1"),
    /** v itself, in [0, 255] (many TensorFlow and face models). */
    BYTE("0..255"),
    /** v / 127.5 - 1, in [-1, 1] (Inception-style). */
    SIGNED("-1..1");

    private final String id;

    PixelRange(String id) {
        this.id = id;
    }

    /** The name used by flags, JSON and metadata. */
    public String id() {
        return id;
    }

    /** A byte value 0..255 (any fraction: a mean colour) in this range. */
    public float scale(double v) {
        return switch (this) {
            case UNIT -> (float) (v / 255);
            case BYTE -> (float) v;
            case SIGNED -> (float) (v / 127.5 - 1);
        };
    }

    /** A byte value 0..255 in this range. */
    public float scale(int v) {
        return switch (this) {
            case UNIT -> v / 255f;
            case BYTE -> v;
            case SIGNED -> v / 127.5f - 1f;
        };
    }

    /** @throws PairvizException naming the accepted values */
    public static PixelRange parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (PixelRange r : values()) {
            if (r.id.equals(t)) {
                return r;
            }
        }
        throw new PairvizException("pixel range '" + text + "': expected 0..1, 0..255 or -1..1");
    }
}

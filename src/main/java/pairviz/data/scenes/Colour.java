package pairviz.data.scenes;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The palette of object colours: saturated and far apart, so they stand out from muted backgrounds. */
public enum Colour {
    RED(0xDC2828),
    ORANGE(0xFA8C14),
    YELLOW(0xFADC28),
    LIME(0x96DC28),
    GREEN(0x1E8C3C),
    CYAN(0x28C8D2),
    BLUE(0x2850DC),
    PURPLE(0x7832BE),
    MAGENTA(0xDC32B4),
    BROWN(0x784618),
    WHITE(0xF5F5F5),
    BLACK(0x191919);

    /** 0xRRGGBB. */
    public final int rgb;

    Colour(int rgb) {
        this.rgb = rgb;
    }

    /**
     * The second colour of a patterned object: the colour pushed towards black if it is light,
     * towards white if it is dark, so the pattern is always visible.
     */
    public int contrast() {
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        double luma = 0.299 * r + 0.587 * g + 0.114 * b;
        return luma > 110 ? Pixels.mix(rgb, 0x000000, 0.55) : Pixels.mix(rgb, 0xFFFFFF, 0.6);
    }

    /** The lower-case name used in JSON files. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The colour with the given {@link #key()}. */
    @JsonCreator
    public static Colour of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}

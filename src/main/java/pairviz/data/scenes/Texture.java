package pairviz.data.scenes;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Surface patterns, defined in the object's unit coordinates so they turn and scale with it. The
 * pattern alternates the object's colour with its {@link Colour#contrast()}.
 */
public enum Texture {
    /** One colour. */
    SOLID,
    /** Five bands across the object. */
    STRIPES,
    /** A 4 x 4 grid of contrasting dots. */
    DOTS,
    /** A 4 x 4 checkerboard. */
    CHECKER,
    /** The colour fading into its contrast from top to bottom. */
    GRADIENT;

    /** The colour (0xRRGGBB) at unit coordinates (u, v) of an object of colour {@code colour}. */
    public int colourAt(Colour colour, double u, double v) {
        return switch (this) {
            case SOLID -> colour.rgb;
            case STRIPES -> Math.floorMod((int) Math.floor((u + 1) / 0.4), 2) == 0 ? colour.rgb : colour.contrast();
            case DOTS -> {
                double fu = (u + 1) / 0.5 - Math.floor((u + 1) / 0.5) - 0.5;
                double fv = (v + 1) / 0.5 - Math.floor((v + 1) / 0.5) - 0.5;
                yield fu * fu + fv * fv <= 0.3 * 0.3 ? colour.contrast() : colour.rgb;
            }
            case CHECKER -> Math.floorMod((int) Math.floor((u + 1) / 0.5) + (int) Math.floor((v + 1) / 0.5), 2) == 0
                    ? colour.rgb : colour.contrast();
            case GRADIENT -> Pixels.mix(colour.rgb, colour.contrast(), Math.min(1, Math.max(0, (v + 1) / 2)));
        };
    }

    /** The lower-case name used in JSON files. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The texture with the given {@link #key()}. */
    @JsonCreator
    public static Texture of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}

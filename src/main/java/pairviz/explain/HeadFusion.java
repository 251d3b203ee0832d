package pairviz.explain;

import java.util.Locale;
import pairviz.PairvizException;

/** How the attention heads of one layer are fused into one matrix before rollout. */
public enum HeadFusion {
    MEAN,
    MIN,
    MAX;

    /** Parses {@code mean|min|max}. */
    public static HeadFusion parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PairvizException("unknown head fusion '" + s + "': use mean, min or max");
        }
    }

    /** The lower-case name used on the command line and in JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

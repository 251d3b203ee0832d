package pairviz.explain;

import java.util.Locale;
import pairviz.PairvizException;

/** How a transformer's token map is carried back to the input patches (docs/reference.md section 4). */
public enum Mode {
    /** The authors' {@code R . map}: each position averages the values it attends to; the total is not kept. */
    REFERENCE,
    /** {@code R^T . map}: each output token's share goes to the inputs that fed it; sums to the score. */
    CONSERVATIVE,
    /** No rollout: the decomposition over output tokens alone. */
    NONE;

    /** Parses {@code reference|conservative|none}. */
    public static Mode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PairvizException("unknown mode '" + s + "': use reference, conservative or none");
        }
    }

    /** The lower-case name used on the command line and in JSON. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}

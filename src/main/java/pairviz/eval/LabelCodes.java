package pairviz.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Maps string labels to int codes, the same string to the same code across lists. */
public final class LabelCodes {
    private final Map<String, Integer> codes = new HashMap<>();

    /** The codes of {@code labels}, in order; new strings get the next free code. */
    public int[] encode(List<String> labels) {
        int[] out = new int[labels.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = codes.computeIfAbsent(labels.get(i), s -> codes.size());
        }
        return out;
    }
}

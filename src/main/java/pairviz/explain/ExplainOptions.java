package pairviz.explain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that decides a map besides the images and the network.
 *
 * @param mode how token maps are carried back to the patches
 * @param rollout which rollout matrix (ignored for a CNN, which has none)
 */
public record ExplainOptions(Mode mode, RolloutSpec rollout) {
    /** pairviz's recommendation: mode auto, mean head fusion, every layer. */
    public static final ExplainOptions DEFAULT = new ExplainOptions(Mode.AUTO, RolloutSpec.DEFAULT);
    /** The authors' choices: reference mode, mean head fusion, every layer (reproduces the paper). */
    public static final ExplainOptions REFERENCE = new ExplainOptions(Mode.REFERENCE, RolloutSpec.DEFAULT);

    public ExplainOptions {
        if (mode == null || rollout == null) {
            throw new IllegalArgumentException("mode and rollout are required");
        }
    }

    /** These options for maps of {@code image}, with mode {@link Mode#AUTO} resolved. */
    public ExplainOptions resolve(ImageFeatures image) {
        Mode m = mode.resolve(image);
        return m == mode ? this : withMode(m);
    }

    public ExplainOptions withMode(Mode m) {
        return new ExplainOptions(m, rollout);
    }

    /** {@code {"mode", "head_fusion", "start_layer"}}: the options as every JSON output and the web API write them. */
    public Map<String, Object> toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("mode", mode.id());
        o.putAll(rollout.toJson());
        return o;
    }
}

package pairviz.explain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that decides a map besides the images and the network.
 *
 * @param mode how token maps are carried back to the patches
 * @param rollout which rollout matrix (ignored for a CNN, which has none)
 * @param integratedGradients steps and baseline of {@link Mode#INTEGRATED_GRADIENTS} (ignored by the other modes)
 */
public record ExplainOptions(Mode mode, RolloutSpec rollout, IntegratedGradientsSpec integratedGradients) {
    /** pairviz's recommendation: mode auto, mean head fusion, every layer. */
    public static final ExplainOptions DEFAULT = new ExplainOptions(Mode.AUTO, RolloutSpec.DEFAULT);
    /** The authors' choices: reference mode, mean head fusion, every layer (reproduces the paper). */
    public static final ExplainOptions REFERENCE = new ExplainOptions(Mode.REFERENCE, RolloutSpec.DEFAULT);

    public ExplainOptions {
        if (mode == null || rollout == null || integratedGradients == null) {
            throw new IllegalArgumentException("mode, rollout and integratedGradients are required");
        }
    }

    /** These options with integrated gradients' defaults ({@link IntegratedGradientsSpec#DEFAULT}). */
    public ExplainOptions(Mode mode, RolloutSpec rollout) {
        this(mode, rollout, IntegratedGradientsSpec.DEFAULT);
    }

    /** These options for maps of {@code image}, with mode {@link Mode#AUTO} resolved. */
    public ExplainOptions resolve(ImageFeatures image) {
        Mode m = mode.resolve(image);
        return m == mode ? this : withMode(m);
    }

    public ExplainOptions withMode(Mode m) {
        return new ExplainOptions(m, rollout, integratedGradients);
    }

    public ExplainOptions withIntegratedGradients(IntegratedGradientsSpec spec) {
        return new ExplainOptions(mode, rollout, spec);
    }

    /**
     * {@code {"mode", "head_fusion", "start_layer"}}, with {@code "steps", "baseline"} for
     * integrated gradients: the options as every JSON output and the web API write them.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("mode", mode.id());
        o.putAll(rollout.toJson());
        if (mode == Mode.INTEGRATED_GRADIENTS) {
            o.putAll(integratedGradients.toJson());
        }
        return o;
    }
}

package pairviz.explain;

/**
 * Everything that decides a map besides the images and the network.
 *
 * @param mode how token maps are carried back to the patches
 * @param rollout which rollout matrix (ignored for a CNN, which has none)
 */
public record ExplainOptions(Mode mode, RolloutSpec rollout) {
    /** The authors' choices: reference mode, mean head fusion, every layer. */
    public static final ExplainOptions DEFAULT = new ExplainOptions(Mode.REFERENCE, RolloutSpec.DEFAULT);

    public ExplainOptions {
        if (mode == null || rollout == null) {
            throw new IllegalArgumentException("mode and rollout are required");
        }
    }

    public ExplainOptions withMode(Mode m) {
        return new ExplainOptions(m, rollout);
    }
}

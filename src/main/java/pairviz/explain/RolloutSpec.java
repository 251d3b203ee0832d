package pairviz.explain;

/**
 * Which rollout matrix to compute: heads fused by {@code fusion}, layers multiplied from
 * {@code startLayer} (0-based; 0 uses every layer, as the authors do) to the last.
 */
public record RolloutSpec(HeadFusion fusion, int startLayer) {
    /** The authors' default: mean over heads, every layer. */
    public static final RolloutSpec DEFAULT = new RolloutSpec(HeadFusion.MEAN, 0);

    public RolloutSpec {
        if (fusion == null) {
            throw new IllegalArgumentException("fusion is required");
        }
        if (startLayer < 0) {
            throw pairviz.BadParameterException.of("start layer", "must be 0 or more, not " + startLayer);
        }
    }

    /** {@code {"head_fusion", "start_layer"}}, the fields every JSON output and the web API name them by. */
    public java.util.Map<String, Object> toJson() {
        java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("head_fusion", fusion.id());
        o.put("start_layer", startLayer);
        return o;
    }
}

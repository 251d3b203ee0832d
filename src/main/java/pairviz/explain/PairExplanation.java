package pairviz.explain;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.loading.EmbeddingModel;
import pairviz.image.Placement;

/**
 * The paired similarity maps of two images.
 *
 * @param a name of image A
 * @param b name of image B
 * @param score cosine similarity of the two embeddings
 * @param mapA where A is similar to B, on A's grid
 * @param mapB where B is similar to A, on B's grid
 * @param options the options the maps were made with
 * @param rolloutApplied whether the maps went through rollout (never for a CNN)
 * @param baselineA for integrated gradients, the similarity of the baseline image to B: A's map
 *     sums to {@code score - baselineA}; NaN for the other modes
 * @param baselineB the same for B's map
 */
public record PairExplanation(
        String a, String b, double score, Heatmap mapA, Heatmap mapB, ExplainOptions options, boolean rolloutApplied,
        double baselineA, double baselineB) {

    /**
     * For integrated gradients, how far A's map misses its completeness target: its sum less
     * {@code score - baselineA}; NaN for the other modes.
     */
    public double gapA() {
        return mapA.sum() - (score - baselineA);
    }

    /** The same for B's map. */
    public double gapB() {
        return mapB.sum() - (score - baselineB);
    }

    /**
     * {@code {"baseline_score", "completeness_gap"}} of A's map (or B's) for integrated gradients,
     * each key prefixed by {@code prefix}; empty for the other modes. For outputs that write the
     * maps in their own layout.
     */
    public Map<String, Object> completenessJson(boolean ofA, String prefix) {
        double baseline = ofA ? baselineA : baselineB;
        Map<String, Object> o = new LinkedHashMap<>();
        if (!Double.isNaN(baseline)) {
            o.put(prefix + "baseline_score", baseline);
            o.put(prefix + "completeness_gap", ofA ? gapA() : gapB());
        }
        return o;
    }

    /**
     * The JSON form of the explanation, as {@code pairviz explain --json} writes it and
     * {@code POST /api/explain} answers (docs/web-api.md): {@code {"score", "grid", "mode",
     * "head_fusion", "start_layer", "rollout_applied", "model", "weights", "preprocessing" (each
     * value with its origin: {@link pairviz.image.Preprocessing#toJson}), "a": {"image", "map",
     * "sum", "baseline_score", "completeness_gap" (integrated gradients only: the sum less
     * score - baseline_score)}, "b": {...}}}; integrated gradients add {@code "steps", "baseline"}.
     *
     * @param imageA how image A is named in the output (a path, or an upload's name)
     * @param model the network the maps were made with
     */
    public Map<String, Object> toJson(Path imageA, Path imageB, EmbeddingModel model) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("score", score);
        o.put("grid", List.of(mapA.rows(), mapA.cols()));
        o.putAll(options.toJson());
        o.put("rollout_applied", rolloutApplied);
        o.put("model", model.config().describe());
        o.put("weights", model.source());
        o.put("preprocessing", model.preprocessing().toJson());
        o.put("a", side(imageA, mapA, baselineA, gapA()));
        o.put("b", side(imageB, mapB, baselineB, gapB()));
        return o;
    }

    /**
     * {@link #toJson(Path, Path, EmbeddingModel)} with, for each side, {@code "placement"}: where the
     * network's input lay on the photo and the photo region each grid cell covers ({@link Placement#toJson}).
     */
    public Map<String, Object> toJson(Path imageA, Path imageB, EmbeddingModel model, Placement placementA,
            Placement placementB) {
        Map<String, Object> o = toJson(imageA, imageB, model);
        placed(o, "a", placementA, mapA);
        placed(o, "b", placementB, mapB);
        return o;
    }

    @SuppressWarnings("unchecked")
    private static void placed(Map<String, Object> o, String side, Placement placement, Heatmap map) {
        ((Map<String, Object>) o.get(side)).put("placement", placement.toJson(map.rows(), map.cols()));
    }

    /**
     * One side; {@code baseline_score} and {@code completeness_gap} (integrated gradients: the map
     * sums to score - baseline_score, less the gap) when there is a baseline.
     */
    private static Map<String, Object> side(Path image, Heatmap map, double baseline, double gap) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("image", image.toString());
        o.put("map", map.toGrid());
        o.put("sum", map.sum());
        if (!Double.isNaN(baseline)) {
            o.put("baseline_score", baseline);
            o.put("completeness_gap", gap);
        }
        return o;
    }
}

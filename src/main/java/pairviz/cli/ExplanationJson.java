package pairviz.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pairviz.PairvizException;
import pairviz.explain.Heatmap;
import pairviz.explain.PairExplanation;
import pairviz.model.EmbeddingModel;
import pairviz.util.AtomicFiles;

/**
 * The JSON form of an explanation, as {@code explain --json} writes it; {@code pairviz serve}
 * answers {@code POST /api/explain} with the same object.
 */
public final class ExplanationJson {
    private ExplanationJson() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** {@code {"score", "grid", "mode", ..., "a": {"image", "map"}, "b": {...}}} */
    public static Map<String, Object> of(PairExplanation e, Path a, Path b, EmbeddingModel model) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("score", e.score());
        o.put("grid", List.of(e.mapA().rows(), e.mapA().cols()));
        o.put("mode", e.options().mode().id());
        o.put("head_fusion", e.options().rollout().fusion().id());
        o.put("start_layer", e.options().rollout().startLayer());
        o.put("rollout_applied", e.rolloutApplied());
        o.put("model", model.config().describe());
        o.put("weights", model.source());
        o.put("a", side(a, e.mapA(), e.baselineA()));
        o.put("b", side(b, e.mapB(), e.baselineB()));
        return o;
    }

    /** One side; {@code baseline_score} (integrated gradients: the map sums to score - baseline_score) when there is one. */
    private static Map<String, Object> side(Path image, Heatmap map, double baseline) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("image", image.toString());
        o.put("map", map.toGrid());
        o.put("sum", map.sum());
        if (!Double.isNaN(baseline)) {
            o.put("baseline_score", baseline);
        }
        return o;
    }

    /** Writes one pretty object, or (with {@code lines}) one compact object per line; atomically. */
    static void write(Path file, List<?> records, boolean lines) {
        try {
            StringBuilder sb = new StringBuilder();
            if (lines) {
                for (Object r : records) {
                    sb.append(MAPPER.writeValueAsString(r)).append('\n');
                }
            } else {
                sb.append(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(records.get(0))).append('\n');
            }
            AtomicFiles.write(file, (OutputStream out) -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException e) {
            throw new PairvizException("cannot write " + file + ": " + e.getOriginalMessage(), e);
        }
    }
}

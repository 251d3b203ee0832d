package pairviz.train;

import java.util.List;
import java.util.Map;

/**
 * Scores embeddings by retrieval, every image querying all the others (cosine similarity). The
 * metrics themselves live in {@code pairviz.eval}; training only needs this much of them.
 */
@FunctionalInterface
public interface RetrievalScorer {

    /**
     * @param embeddings one row per image
     * @param labels the class of each row
     * @return metric name (e.g. {@code recall_at_1}, {@code map_at_r}) to value, in a stable order
     */
    Map<String, Double> score(float[][] embeddings, List<String> labels);
}

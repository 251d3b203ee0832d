package pairviz.store;

import java.util.List;
import pairviz.PairvizException;

/**
 * Embeddings with one label per row.
 *
 * @param embeddings one embedding per row
 * @param labels     the label of each row
 */
public record LabelledEmbeddings(FloatMatrix embeddings, List<String> labels) {
    /** @throws PairvizException if the counts differ */
    public LabelledEmbeddings {
        labels = List.copyOf(labels);
        if (labels.size() != embeddings.rows()) {
            throw new PairvizException(labels.size() + " labels for " + embeddings.rows() + " embeddings");
        }
    }
}

/**
 * Embeddings of whole datasets and what is measured on them: the embedding pass
 * ({@link pairviz.eval.DatasetEmbedder}), embedding files ({@link pairviz.eval.EmbeddingFiles},
 * {@link pairviz.eval.Npy}), the searchable gallery ({@link pairviz.eval.Gallery},
 * {@link pairviz.eval.ExactSearch}, {@link pairviz.eval.TopK}), retrieval metrics
 * ({@link pairviz.eval.Retrieval}, {@link pairviz.eval.RetrievalMetrics}, reported as a table and
 * JSON by {@link pairviz.eval.RetrievalReport}) and the agreement of two
 * maps that {@code bench} reports ({@link pairviz.eval.MapAgreement}).
 *
 * <p>Sits on {@code data}, {@code explain}, {@code image} and {@code model}; draws nothing.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.figures},
 * {@code pairviz.render}, {@code pairviz.report}, {@code pairviz.train}.
 */
package pairviz.eval;

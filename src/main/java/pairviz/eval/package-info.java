/**
 * What is measured on embeddings and maps: retrieval metrics ({@link pairviz.eval.Retrieval},
 * {@link pairviz.eval.RetrievalMetrics}, reported as a table and JSON by
 * {@link pairviz.eval.RetrievalReport}), the agreement of two maps that {@code bench} reports
 * ({@link pairviz.eval.MapAgreement}), and, in {@code pairviz.eval.faithfulness}, how faithful the
 * maps are.
 *
 * <p>Sits on {@code gallery}, {@code store}, {@code data}, {@code explain}, {@code image} and
 * {@code model}; draws nothing.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.figures},
 * {@code pairviz.render}, {@code pairviz.report}, {@code pairviz.train}.
 */
package pairviz.eval;

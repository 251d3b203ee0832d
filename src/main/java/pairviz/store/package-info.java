/**
 * Embeddings at rest: the row-major matrix every embedding pass returns
 * ({@link pairviz.store.FloatMatrix}), NumPy's {@code .npy} format ({@link pairviz.store.Npy}), the
 * files {@code embed} writes and {@code evaluate} reads ({@link pairviz.store.EmbeddingFiles}) and
 * embeddings with their labels ({@link pairviz.store.LabelledEmbeddings}).
 *
 * <p>Plain data and files: sits on nothing of pairviz but {@code util} and the exceptions.
 *
 * <p>Must not import: {@code pairviz.cli} or any package that makes embeddings ({@code model},
 * {@code explain}, {@code gallery}, {@code eval}).
 */
package pairviz.store;

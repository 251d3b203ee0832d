/**
 * Embedding networks on DJL: what every network is ({@link pairviz.model.EmbeddingNetwork},
 * {@link pairviz.model.ModelConfig}, {@link pairviz.model.Module}, the {@link pairviz.model.Trace}
 * of a forward pass, {@link pairviz.model.Precision}, {@link pairviz.model.Engines}, a ViT's
 * {@link pairviz.model.PositionEmbeddings} resampled to another grid) and, today,
 * loading one from a file ({@link pairviz.loading.EmbeddingModel}, {@link pairviz.loading.ModelOptions},
 * {@link pairviz.loading.Preset}, {@link pairviz.loading.CheckpointMetadata}); issue 20 item 2 moves the
 * loading into a package of its own above the networks.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.explain},
 * {@code pairviz.data}, {@code pairviz.eval}, {@code pairviz.figures}, {@code pairviz.render},
 * {@code pairviz.report}, {@code pairviz.train}.
 */
package pairviz.model;

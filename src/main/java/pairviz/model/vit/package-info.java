/**
 * The Vision Transformer ({@link pairviz.model.vit.VisionTransformer}, {@link pairviz.model.vit.VitConfig}):
 * patch and position embeddings, encoder blocks of attention and MLP, mean or class-token pooling,
 * with the attention taps that rollout needs.
 *
 * <p>Must not import: {@code pairviz.model.resnet}, {@code pairviz.loading.family},
 * {@code pairviz.model.torchscript}, {@code pairviz.cli}, {@code pairviz.web},
 * {@code pairviz.explain}, {@code pairviz.train}.
 */
package pairviz.model.vit;

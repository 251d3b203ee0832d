/**
 * The layers the networks are built of (linear, convolution, layer, group and batch norm), with
 * their bf16 kernels ({@link pairviz.model.layers.Bf16Kernels}), each a {@link pairviz.model.Module}.
 *
 * <p>Must not import: {@code pairviz.model.vit}, {@code pairviz.model.resnet},
 * {@code pairviz.loading.family}, {@code pairviz.model.torchscript}, {@code pairviz.cli},
 * {@code pairviz.web}, {@code pairviz.explain}, {@code pairviz.train}.
 */
package pairviz.model.layers;

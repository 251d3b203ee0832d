/**
 * Residual networks: BiT's ResNet-v2 (pre-activation, weight-standardised convolutions, GroupNorm;
 * {@link pairviz.model.resnet.ResNetV2}) and torchvision's ResNet-v1 (BatchNorm;
 * {@link pairviz.model.resnet.ResNetV1}), with their blocks and configurations.
 *
 * <p>Must not import: {@code pairviz.model.vit}, {@code pairviz.loading.family},
 * {@code pairviz.model.torchscript}, {@code pairviz.cli}, {@code pairviz.web},
 * {@code pairviz.explain}, {@code pairviz.train}.
 */
package pairviz.model.resnet;

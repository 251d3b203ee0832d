/**
 * Checkpoint families: each reads one library's checkpoint layout (pairviz's own, the authors',
 * timm, torchvision, Hugging Face ViT / CLIP / DINOv2, OpenCLIP, DINOv2's hub, BiT) into a network
 * of {@code pairviz.model.vit} or {@code pairviz.model.resnet} and its configuration.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.explain},
 * {@code pairviz.train}.
 */
package pairviz.model.family;

package pairviz.data.scenes;

import java.awt.image.BufferedImage;

/**
 * One generated image with its ground truth.
 *
 * @param annotation the objects and their placement
 * @param image the picture, {@code size x size}, TYPE_INT_RGB
 * @param mask the instance mask: 0 background, k = the object with {@code index} k (visible pixels)
 * @param segmentation the semantic map: 0 background, else the visible object's
 *     {@link ShapeKind#semanticId()}
 */
public record Scene(SceneAnnotation annotation, BufferedImage image, LabelMap mask, LabelMap segmentation) {}

/**
 * Images on their way into a network: decoding files safely ({@link pairviz.image.ImageFiles}:
 * limits in pixels read from the header, CMYK JPEGs), RGB pixels, resizing, and the description
 * of what a network expects ({@link pairviz.image.Preprocessing}: size, resize policy, crop,
 * interpolation, pixel range, normalisation, channel order) with where its input lies on the
 * photo ({@link pairviz.image.Placement}).
 *
 * <p>The bottom of the house beside {@code util}: plain Java2D and arithmetic, no network.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.model},
 * {@code pairviz.explain}, {@code pairviz.data}, {@code pairviz.eval}, {@code pairviz.figures},
 * {@code pairviz.render}, {@code pairviz.report}, {@code pairviz.train}.
 */
package pairviz.image;

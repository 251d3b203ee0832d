package pairviz.image;

/**
 * A photo as the network sees it, with where that input lies on the photo.
 *
 * @param pixels the network input, [3, S, S] channel-major, normalised
 * @param placement the photo rectangle the input shows
 */
public record PreparedImage(float[] pixels, Placement placement) {}

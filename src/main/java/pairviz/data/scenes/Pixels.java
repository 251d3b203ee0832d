package pairviz.data.scenes;

/** Arithmetic on 0xRRGGBB colours. */
final class Pixels {
    private Pixels() {}

    /** {@code a * (1 - t) + b * t} per channel, rounded. */
    static int mix(int a, int b, double t) {
        int r = (int) Math.round((a >> 16 & 0xFF) * (1 - t) + (b >> 16 & 0xFF) * t);
        int g = (int) Math.round((a >> 8 & 0xFF) * (1 - t) + (b >> 8 & 0xFF) * t);
        int bl = (int) Math.round((a & 0xFF) * (1 - t) + (b & 0xFF) * t);
        return r << 16 | g << 8 | bl;
    }

    /** An opaque colour from hue, saturation and brightness in [0, 1]. */
    static int hsb(double h, double s, double v) {
        return java.awt.Color.HSBtoRGB((float) h, (float) s, (float) v) & 0xFFFFFF;
    }
}

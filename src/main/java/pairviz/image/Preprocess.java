package pairviz.image;

import java.awt.image.BufferedImage;

/**
 * Float arrays from RGB pictures, computed in float32 exactly as the reference's torchvision
 * {@code ToTensor()} + {@code Normalize(mean, std)} and the greyscale base of its pictures.
 */
public final class Preprocess {
    /** Luma weights (ITU-R 601), as docs/reference.md section 5 states them. */
    private static final float LUMA_R = 0.299f;
    private static final float LUMA_G = 0.587f;
    private static final float LUMA_B = 0.114f;

    private Preprocess() {}

    /**
     * The network input for one image, the one preprocessing of every path (explain, embed,
     * evaluate, training's test split, faithfulness, the web app): resized to {@code size} x
     * {@code size} (bilinear, as torchvision resizes PIL images; a copy when the size already
     * matches), then {@link #toTensor}.
     *
     * @return [3, size, size] channel-major (CHW)
     */
    public static float[] networkInput(BufferedImage image, int size, Normalization norm) {
        return toTensor(Resize.bilinear(image, size, size), norm);
    }

    /**
     * The network input for one picture: {@code (v / 255 - mean[c]) / std[c]} in float32.
     *
     * @return [3, H, W] channel-major (CHW), R then G then B
     */
    public static float[] toTensor(BufferedImage image, Normalization norm) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        int[] px = Rgb.pixels(Rgb.of(image)); // [H * W] 0xRRGGBB
        float[] out = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            int shift = 16 - 8 * c;
            float mean = norm.mean(c);
            float std = norm.std(c);
            for (int i = 0; i < plane; i++) {
                float v = ((px[i] >>> shift) & 0xff) / 255f;
                out[c * plane + i] = (v - mean) / std;
            }
        }
        return out;
    }

    /**
     * Greyscale of a picture in [0,1]: {@code 0.299 r + 0.587 g + 0.114 b} with
     * {@code r = R / 255} etc., in float32, summed left to right.
     *
     * @return [H, W] row-major
     */
    public static float[] grey(BufferedImage image) {
        int[] px = Rgb.pixels(Rgb.of(image)); // [H * W] 0xRRGGBB
        float[] out = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            float r = ((px[i] >>> 16) & 0xff) / 255f;
            float g = ((px[i] >>> 8) & 0xff) / 255f;
            float b = (px[i] & 0xff) / 255f;
            out[i] = LUMA_R * r + LUMA_G * g + LUMA_B * b;
        }
        return out;
    }
}

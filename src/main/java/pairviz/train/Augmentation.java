package pairviz.train;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import pairviz.BadParameterException;
import pairviz.image.Normalization;
import pairviz.image.Preprocess;

/**
 * How an image becomes a network input.
 *
 * <p>Training ({@link #train}): torchvision's {@code RandomResizedCrop(size, scale, ratio=(3/4,
 * 4/3))} (an area fraction uniform in {@code [minScale, maxScale]}, a log-uniform aspect ratio,
 * ten tries, else the central crop of the largest allowed shape), resized to S x S (Pillow
 * bilinear), then a horizontal flip with probability 1/2 when {@code flip}, then normalised.
 * Test images take the one preprocessing of every path, {@link Preprocess#networkInput} (resized
 * and normalised, no randomness), exactly what {@code pairviz explain} feeds the network.
 *
 * @param imageSize S, the network's input side
 * @param minScale smallest crop area as a fraction of the image, in (0, maxScale]
 * @param maxScale largest crop area fraction, at most 1
 * @param flip whether to flip horizontally at random
 * @param normalization per-channel normalisation
 */
public record Augmentation(int imageSize, double minScale, double maxScale, boolean flip, Normalization normalization) {

    private static final double LOG_MIN_RATIO = Math.log(3.0 / 4.0);
    private static final double LOG_MAX_RATIO = Math.log(4.0 / 3.0);

    public Augmentation {
        if (imageSize < 1) {
            throw new IllegalArgumentException("image size must be positive");
        }
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
            throw BadParameterException.of("crop scale", "must be MIN-MAX with 0 < MIN <= MAX <= 1, got " + minScale + "-" + maxScale);
        }
    }

    /** A crop rectangle in pixels. */
    record Crop(int x, int y, int width, int height) {}

    /** The augmented network input [3, S, S] (CHW) of one training image. */
    public float[] train(BufferedImage image, SplittableRandom random) {
        Crop c = crop(image.getWidth(), image.getHeight(), random);
        BufferedImage cropped = image.getSubimage(c.x, c.y, c.width, c.height);
        float[] chw = Preprocess.networkInput(cropped, imageSize, normalization);
        if (flip && random.nextBoolean()) {
            flipHorizontally(chw, imageSize);
        }
        return chw;
    }

    /** torchvision's {@code RandomResizedCrop.get_params}. */
    Crop crop(int width, int height, SplittableRandom random) {
        double area = (double) width * height;
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (minScale + (maxScale - minScale) * random.nextDouble());
            double ratio = Math.exp(LOG_MIN_RATIO + (LOG_MAX_RATIO - LOG_MIN_RATIO) * random.nextDouble());
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                return new Crop(random.nextInt(width - w + 1), random.nextInt(height - h + 1), w, h);
            }
        }
        double inRatio = (double) width / height;
        int w = width;
        int h = height;
        if (inRatio < 3.0 / 4.0) {
            h = (int) Math.round(w / (3.0 / 4.0));
        } else if (inRatio > 4.0 / 3.0) {
            w = (int) Math.round(h * (4.0 / 3.0));
        }
        return new Crop((width - w) / 2, (height - h) / 2, w, h);
    }

    /** Mirrors every row of a [3, S, S] tensor in place. */
    static void flipHorizontally(float[] chw, int size) {
        for (int row = 0; row < 3 * size; row++) {
            int base = row * size;
            for (int i = 0, j = size - 1; i < j; i++, j--) {
                float tmp = chw[base + i];
                chw[base + i] = chw[base + j];
                chw[base + j] = tmp;
            }
        }
    }
}

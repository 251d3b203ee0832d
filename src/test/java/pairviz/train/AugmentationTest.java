package pairviz.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import pairviz.PairvizException;
import pairviz.image.Normalization;
import pairviz.image.Preprocess;

class AugmentationTest {

    private static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 255 / (w - 1)) << 16 | (y * 255 / (h - 1)) << 8 | 77);
            }
        }
        return img;
    }

    @Test
    void cropsStayInsideTheImageWithTheRequestedArea() {
        Augmentation aug = new Augmentation(32, 0.3, 0.6, false, Normalization.IMAGENET);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 1000; i++) {
            Augmentation.Crop c = aug.crop(64, 48, r);
            assertThat(c.x()).isBetween(0, 64 - c.width());
            assertThat(c.y()).isBetween(0, 48 - c.height());
            double area = (double) c.width() * c.height() / (64 * 48);
            assertThat(area).isBetween(0.25, 0.68); // rounding of the sides moves it a little
            double ratio = (double) c.width() / c.height();
            assertThat(ratio).isBetween(0.7, 1.45);
        }
    }

    @Test
    void fullScaleWithoutFlipIsTheNetworkInputOfASquareImage() {
        // scale 1 and a square image: the only crop that fits with ratio in [3/4, 4/3] of the
        // right area is the whole image (or, after ten misses, the central fallback: also whole)
        BufferedImage img = gradient(40, 40);
        Augmentation aug = new Augmentation(16, 1, 1, false, Normalization.IMAGENET);
        float[] train = aug.train(img, new SplittableRandom(1));
        assertThat(train).isEqualTo(Preprocess.networkInput(img, 16, Normalization.IMAGENET));
    }

    @Test
    void flipMirrorsEveryRow() {
        float[] chw = new float[3 * 3 * 3];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = i;
        }
        Augmentation.flipHorizontally(chw, 3);
        assertThat(java.util.Arrays.copyOf(chw, 6)).containsExactly(2, 1, 0, 5, 4, 3);
        assertThat(chw[26]).isEqualTo(24);
    }

    @Test
    void flipsAboutHalfTheTime() {
        BufferedImage img = gradient(16, 16);
        Augmentation aug = new Augmentation(16, 1, 1, true, Normalization.IMAGENET);
        float[] plain = Preprocess.networkInput(img, 16, Normalization.IMAGENET);
        int flipped = 0;
        for (int s = 0; s < 200; s++) {
            float[] t = aug.train(img, new SplittableRandom(s));
            flipped += java.util.Arrays.equals(t, plain) ? 0 : 1;
        }
        assertThat(flipped).isBetween(70, 130);
    }

    @Test
    void refusesABadScaleRange() {
        assertThatThrownBy(() -> new Augmentation(16, 0.8, 0.5, true, Normalization.IMAGENET))
                .isInstanceOf(PairvizException.class)
                .hasMessage("crop scale must be MIN-MAX with 0 < MIN <= MAX <= 1, got 0.8-0.5");
    }
}

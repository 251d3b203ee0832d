package pairviz.eval.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import pairviz.data.ImageSource;
import pairviz.data.Sample;
import pairviz.image.Resize;

/**
 * The construction behind partner specificity on photos: what each half of a constructed B is,
 * where its shared half lies on A's grid, and that a map which follows the shared half scores 1
 * while one that ignores the partner scores 0.5.
 */
class SwappedHalvesTest {

    /** A w x h photo whose pixel (x, y) is (seed, x, y) mod 256 (no two photos alike). */
    static Sample photo(String id, int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (seed & 0xff) << 16 | (x * 7 & 0xff) << 8 | (y * 5 + seed) & 0xff);
            }
        }
        return sample(id, img);
    }

    /** A sample of one in-memory picture, labelled by its id. */
    static Sample sample(String id, BufferedImage img) {
        return new Sample(new ImageSource() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public BufferedImage load() {
                return img;
            }
        }, id);
    }

    @Test
    void eachHalfComesFromItsPhotoAndTheOtherIsResizedToA() {
        Sample a = photo("a", 40, 30, 10);
        Sample c = photo("c", 17, 23, 200);
        BufferedImage other = Resize.bilinear(c.load(), 40, 30);
        for (String half : List.of("top", "bottom", "left", "right")) {
            BufferedImage b = new SwappedHalves.HalfSwap(a, c, half, SwappedHalves.Change.NONE).load();
            assertThat(b.getWidth()).isEqualTo(40);
            assertThat(b.getHeight()).isEqualTo(30);
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 40; x++) {
                    int want = SwappedHalves.inHalf(half, x, y, 40, 30) ? a.load().getRGB(x, y) : other.getRGB(x, y);
                    assertThat(b.getRGB(x, y)).as("%s (%d, %d)", half, x, y).isEqualTo(want);
                }
            }
        }
    }

    @Test
    void aChangedHalfIsLikeAsButNotACopy() {
        Sample a = photo("a", 32, 32, 10);
        Sample c = photo("c", 32, 32, 200);
        for (SwappedHalves.Change ch : List.of(SwappedHalves.Change.SHIFT, SwappedHalves.Change.BLUR, SwappedHalves.Change.GAMMA)) {
            BufferedImage b = new SwappedHalves.HalfSwap(a, c, "top", ch).load();
            int same = 0;
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 32; x++) {
                    same += b.getRGB(x, y) == a.load().getRGB(x, y) ? 1 : 0;
                }
            }
            assertThat(same).as(ch.id()).isLessThan(16 * 32);
            // the bottom half is still the other photo's
            assertThat(b.getRGB(5, 20)).isEqualTo(c.load().getRGB(5, 20));
        }
    }

    @Test
    void theHalvesCoverTheGridExactlyOnceEvenWithAnOddSide() {
        for (int k : new int[] {4, 7}) {
            float[] top = SwappedHalves.coverage("top", k, k);
            float[] bottom = SwappedHalves.coverage("bottom", k, k);
            float[] left = SwappedHalves.coverage("left", k, k);
            float[] right = SwappedHalves.coverage("right", k, k);
            double sumTop = 0;
            for (int i = 0; i < k * k; i++) {
                assertThat(top[i] + bottom[i]).isCloseTo(1f, within(1e-6f));
                assertThat(left[i] + right[i]).isCloseTo(1f, within(1e-6f));
                sumTop += top[i];
            }
            assertThat(sumTop).isCloseTo(k * k / 2.0, within(1e-5));
        }
        // cell (0, 0) is top-left, the last cell bottom-right
        assertThat(SwappedHalves.coverage("top", 4, 4)[0]).isEqualTo(1f);
        assertThat(SwappedHalves.coverage("right", 4, 4)[15]).isEqualTo(1f);
        assertThat(SwappedHalves.coverage("top", 3, 3)[3]).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void aMapThatFollowsTheSharedHalfScoresOneAndOneThatIgnoresThePartnerAHalf() {
        List<Sample> photos = List.of(photo("p0", 20, 20, 1), photo("p1", 20, 20, 2), photo("p2", 20, 20, 3),
                photo("p3", 20, 20, 4));
        List<PartnerSpecificity.Triplet> trips = SwappedHalves.triplets(photos, 6, SwappedHalves.Change.NONE, new Random(3));
        assertThat(trips).hasSize(6);
        for (PartnerSpecificity.Triplet t : trips) {
            var h1 = (SwappedHalves.HalfSwap) t.b1().image();
            var h2 = (SwappedHalves.HalfSwap) t.b2().image();
            assertThat(h1.a().id()).isEqualTo(t.a().id());
            assertThat(h2.a().id()).isEqualTo(t.a().id());
            assertThat(h1.other().id()).isNotEqualTo(t.a().id()).isNotEqualTo(h2.other().id());
            float[][] u = SwappedHalves.regions().of(t, 4, 4);
            // the oracle: all of the map of A given B_i on the half B_i shares
            assertThat(PartnerSpecificity.score(u[0], u[1], u[0], u[1]).specificity()).isEqualTo(1.0);
            assertThat(PartnerSpecificity.score(u[1], u[0], u[0], u[1]).specificity()).isEqualTo(0.0);
            float[] same = new float[16];
            java.util.Arrays.fill(same, 0.3f);
            same[5] = 2f;
            assertThat(PartnerSpecificity.score(same, same, u[0], u[1]).specificity()).isEqualTo(0.5);
        }
        // the splits alternate
        assertThat(trips.get(0).onlyB1()).containsExactly("top");
        assertThat(trips.get(1).onlyB1()).containsExactly("left");
        // the pairs: (A, B1), (A, B2) alternately, their ground truth the shared half; controls unrelated
        List<ImagePair> pairs = SwappedHalves.pairs(trips, 2, 1, new Random(0));
        assertThat(pairs).hasSize(3);
        assertThat(pairs.get(0).sameClass()).isTrue();
        assertThat(SwappedHalves.groundTruth().coverage(pairs.get(0), 4, 4)).containsExactly(SwappedHalves.coverage("top", 4, 4));
        assertThat(SwappedHalves.groundTruth().coverage(pairs.get(1), 4, 4)).containsExactly(SwappedHalves.coverage("right", 4, 4));
        assertThat(pairs.get(2).sameClass()).isFalse();
        assertThat(SwappedHalves.groundTruth().coverage(pairs.get(2), 4, 4)).isNull();
    }
}

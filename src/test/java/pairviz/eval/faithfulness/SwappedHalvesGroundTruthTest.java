package pairviz.eval.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pairviz.data.Sample;
import pairviz.explain.HeadFusion;
import pairviz.explain.Mode;
import pairviz.loading.EmbeddingModel;
import pairviz.model.resnet.ResNetConfig;
import pairviz.model.vit.VitConfig;

/**
 * The swapped-halves study end to end on networks whose answer is known: a one-block ViT with
 * mean pooling and a CNN, both untrained, on non-square photos of random coloured blocks (squashed
 * onto the square input as the study assumes; no two alike, no structure shared between them). Such a network's token i is mostly patch i's own content, so
 * its decomposition of A given B1 (which holds A's top or left half in place) must rise on that
 * half: the study must score it well above chance on both splits, top/bottom and left/right. A
 * flipped or transposed grid, halves taken from the wrong side of the photo, prefix tokens laid on
 * the grid or a photo placed elsewhere than the study assumes would bring it to or below 0.5 (top
 * and bottom swapped in the regions: 0.0).
 */
class SwappedHalvesGroundTruthTest {
    static EmbeddingModel vit;
    static EmbeddingModel cnn;

    @BeforeAll
    static void models() {
        // the standard variant: the class token goes through the encoder (token 0, before the grid)
        // though the embedding is the patches' mean
        vit = EmbeddingModel.random(new VitConfig(32, 4, 48, 1, 2, 96, 64, VitConfig.Pooling.MEAN,
                VitConfig.Variant.STANDARD), 11);
        cnn = EmbeddingModel.random(new ResNetConfig(64, List.of(1, 1), 32, 64, 8), 11);
    }

    @AfterAll
    static void close() {
        vit.close();
        cnn.close();
    }

    /** A w x h photo of random coloured 4 x 4 blocks. */
    static Sample blocks(String id, int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int by = 0; by < h; by += 4) {
            for (int bx = 0; bx < w; bx += 4) {
                int rgb = r.nextInt(1 << 24);
                for (int y = by; y < Math.min(h, by + 4); y++) {
                    for (int x = bx; x < Math.min(w, bx + 4); x++) {
                        img.setRGB(x, y, rgb);
                    }
                }
            }
        }
        return SwappedHalvesTest.sample(id, img);
    }

    /** Specificity of each method on 40 triplets of 12 photos: top/bottom triplets (even) and left/right ones (odd) apart. */
    static double[][] study(EmbeddingModel model, List<Method> methods) {
        List<Sample> photos = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            photos.add(blocks("p" + i, 80, 56, 100 + i));
        }
        List<PartnerSpecificity.Triplet> trips = SwappedHalves.triplets(photos, 40, SwappedHalves.Change.NONE, new Random(5));
        var ps = new PartnerSpecificity(model, model.preprocessing(), methods, 16);
        List<List<PartnerSpecificity.Score>> scores = ps.evaluate(SwappedHalves.regions(), trips, k -> { });
        double[][] out = new double[methods.size()][2];
        for (int t = 0; t < scores.size(); t++) {
            for (int m = 0; m < methods.size(); m++) {
                out[m][t % 2] += scores.get(t).get(m).specificity();
            }
        }
        for (double[] row : out) {
            row[0] /= (scores.size() + 1) / 2;
            row[1] /= scores.size() / 2;
        }
        return out;
    }

    @Test
    void aViTsDecompositionFollowsTheSharedHalfOnBothSplits() {
        List<Method> methods = List.of(Method.paired(Mode.NONE, HeadFusion.MEAN),
                Method.paired(Mode.CONSERVATIVE, HeadFusion.MEAN), Method.UNIFORM);
        double[][] s = study(vit, methods);
        for (int m = 0; m < 2; m++) {
            assertThat(s[m][0]).as("%s, top/bottom", methods.get(m).id()).isGreaterThanOrEqualTo(0.875);
            assertThat(s[m][1]).as("%s, left/right", methods.get(m).id()).isGreaterThanOrEqualTo(0.875);
        }
        assertThat(s[2]).containsExactly(0.5, 0.5);
    }

    @Test
    void aCnnsDecompositionFollowsTheSharedHalfOnBothSplits() {
        double[][] s = study(cnn, List.of(Method.paired(Mode.NONE, HeadFusion.MEAN)));
        assertThat(s[0][0]).as("top/bottom").isGreaterThanOrEqualTo(0.875);
        assertThat(s[0][1]).as("left/right").isGreaterThanOrEqualTo(0.875);
    }
}

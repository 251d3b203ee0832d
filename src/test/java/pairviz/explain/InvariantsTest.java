package pairviz.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pairviz.PairvizException;
import pairviz.loading.EmbeddingModel;
import pairviz.image.Normalization;
import pairviz.model.resnet.ResNetConfig;
import pairviz.model.vit.VitConfig;

/** Properties the maps must have whatever the weights: sums, stochastic rollouts, linearity. */
class InvariantsTest {
    static EmbeddingModel vit;
    static EmbeddingModel resnet;

    @BeforeAll
    static void models() {
        vit = EmbeddingModel.random(new VitConfig(32, 8, 32, 3, 2, 64, 16, VitConfig.Pooling.MEAN), 7);
        resnet = EmbeddingModel.random(new ResNetConfig(32, List.of(1, 1), 32, 8, 32), 7);
    }

    @AfterAll
    static void close() {
        vit.close();
        resnet.close();
    }

    static List<ImageFeatures> randomImages(EmbeddingModel model, RolloutSpec spec, int count, long seed) {
        int s = model.config().imageSize();
        Random r = new Random(seed);
        List<float[]> images = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] img = new float[3 * s * s];
            for (int j = 0; j < img.length; j++) {
                img[j] = (float) r.nextGaussian();
            }
            images.add(img);
            ids.add("img" + i);
        }
        // inputs as if normalised with ImageNet statistics (where integrated gradients' black is)
        return new FeatureExtractor(model, spec).withNormalization(Normalization.IMAGENET).extract(ids, images);
    }

    @Test
    void noneAndConservativeMapsSumToTheScore() {
        for (HeadFusion fusion : HeadFusion.values()) {
            RolloutSpec spec = new RolloutSpec(fusion, 1);
            List<ImageFeatures> fs = randomImages(vit, spec, 3, fusion.ordinal());
            for (Mode mode : List.of(Mode.NONE, Mode.CONSERVATIVE)) {
                PairExplanation e = new PairExplainer(new ExplainOptions(mode, spec)).explain(fs.get(0), fs.get(1));
                assertThat(e.mapA().sum()).isCloseTo(e.score(), within(1e-5));
                assertThat(e.mapB().sum()).isCloseTo(e.score(), within(1e-5));
            }
        }
        List<ImageFeatures> cnn = randomImages(resnet, RolloutSpec.DEFAULT, 2, 3);
        PairExplanation e = new PairExplainer(ExplainOptions.REFERENCE).explain(cnn.get(0), cnn.get(1));
        assertThat(e.mapA().sum()).isCloseTo(e.score(), within(1e-5));
        assertThat(e.mapB().sum()).isCloseTo(e.score(), within(1e-5));
    }

    @Test
    void scoreIsTheCosineOfTheEmbeddings() {
        List<ImageFeatures> fs = randomImages(vit, RolloutSpec.DEFAULT, 2, 11);
        float[] a = fs.get(0).beta();
        float[] b = fs.get(1).beta();
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        PairExplanation e = new PairExplainer(ExplainOptions.REFERENCE).explain(fs.get(0), fs.get(1));
        assertThat(e.score()).isCloseTo(dot / Math.sqrt(na * nb), within(1e-9));
    }

    @Test
    void rolloutMatricesAreRowStochastic() {
        for (HeadFusion fusion : HeadFusion.values()) {
            for (int start = 0; start < 3; start++) {
                ImageFeatures f = randomImages(vit, new RolloutSpec(fusion, start), 1, 5).get(0);
                int t = f.tokens();
                for (int i = 0; i < t; i++) {
                    double row = 0;
                    for (int j = 0; j < t; j++) {
                        assertThat(f.rollout()[i * t + j]).isGreaterThanOrEqualTo(0f);
                        row += f.rollout()[i * t + j];
                    }
                    assertThat(row).isCloseTo(1.0, within(1e-5));
                }
            }
        }
    }

    @Test
    void referenceModeIsTheRolloutTimesTheTokenMapAndDoesNotKeepTheTotal() {
        List<ImageFeatures> fs = randomImages(vit, RolloutSpec.DEFAULT, 2, 9);
        ImageFeatures a = fs.get(0);
        Heatmap none = new PairExplainer(ExplainOptions.REFERENCE.withMode(Mode.NONE)).explain(a, fs.get(1)).mapA();
        Heatmap ref = new PairExplainer(ExplainOptions.REFERENCE).explain(a, fs.get(1)).mapA();
        int t = a.tokens();
        for (int i = 0; i < t; i++) {
            double expected = 0;
            for (int j = 0; j < t; j++) {
                expected += a.rollout()[i * t + j] * none.values()[j];
            }
            assertThat((double) ref.values()[i]).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void classMapIsTheSumOfThePairedMaps() {
        // every mode whose map is linear in the target direction (grad-rollout drops negative parts: not linear)
        for (Mode mode : Mode.values()) {
            if (mode == Mode.GRAD_ROLLOUT || mode == Mode.SMOOTH_GRAD_ROLLOUT || mode == Mode.AUTO) { // auto: grad-rollout
                continue;
            }
            ExplainOptions options = new ExplainOptions(mode, RolloutSpec.DEFAULT);
            List<ImageFeatures> fs = randomImages(vit, RolloutSpec.DEFAULT, 4, 13);
            ImageFeatures query = fs.get(0);
            List<ImageFeatures> gallery = fs.subList(1, 4);
            ClassMap cm = new ClassMapExplainer(options).explain(query, gallery.stream().map(ImageFeatures::beta).toList());
            float[] sum = new float[cm.map().values().length];
            double scores = 0;
            for (ImageFeatures g : gallery) {
                PairExplanation e = new PairExplainer(options).explain(query, g);
                scores += e.score();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += e.mapA().values()[i];
                }
            }
            assertThat(cm.score()).isCloseTo(scores, within(1e-6));
            for (int i = 0; i < sum.length; i++) {
                assertThat(cm.map().values()[i]).as(mode.id()).isCloseTo(sum[i], within(1e-6f));
            }
        }
    }

    @Test
    void tokenSimilarityRowsAndColumnsSumToTheMaps() {
        List<ImageFeatures> fs = randomImages(resnet, RolloutSpec.DEFAULT, 2, 17);
        float[] s = TokenSimilarity.matrix(fs.get(0), fs.get(1));
        PairExplanation e = new PairExplainer(ExplainOptions.REFERENCE).explain(fs.get(0), fs.get(1));
        int n = e.mapA().values().length;
        for (int i = 0; i < n; i++) {
            double row = 0;
            double col = 0;
            for (int j = 0; j < n; j++) {
                row += s[i * n + j];
                col += s[j * n + i];
            }
            assertThat(row).isCloseTo(e.mapA().values()[i], within(1e-6));
            assertThat(col).isCloseTo(e.mapB().values()[i], within(1e-6));
        }
    }

    @Test
    void aStartLayerPastTheLastLayerIsRefused() {
        assertThatThrownBy(() -> randomImages(vit, new RolloutSpec(HeadFusion.MEAN, 3), 1, 1))
                .isInstanceOf(PairvizException.class)
                .hasMessage("start layer 3 is past the last layer: the network has 3 layers, numbered 0 to 2");
    }

    @Test
    void outputAgnosticRolloutOfACnnIsRefused() {
        ImageFeatures f = randomImages(resnet, RolloutSpec.DEFAULT, 1, 1).get(0);
        assertThatThrownBy(() -> OutputAgnosticRollout.explain(f))
                .isInstanceOf(PairvizException.class)
                .hasMessageContaining("rollout needs a transformer");
    }
}

package pairviz.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pairviz.PairvizException;
import pairviz.image.Normalization;
import pairviz.image.Preprocessing;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.vit.VitConfig;
import pairviz.testutil.Fixtures;

/**
 * Grad-rollout's and grad-input's schedule: one forward pass per image, kept while the image is
 * explained against its partners, one backward pass per map (per round of partners). The maps must not depend on the schedule, and the
 * passes are counted ({@link PassCounts}).
 */
class GradientScheduleTest {
    static final List<Path> IMAGES = List.of(Fixtures.fixture("blob0_32.png"), Fixtures.fixture("blob1_32.png"),
            Fixtures.fixture("blob2_32.png"), Fixtures.fixture("odd_50x37.png"));

    static EmbeddingModel vitMean;
    static EmbeddingModel vitCls;

    @BeforeAll
    static void load() {
        vitMean = EmbeddingModel.load(Fixtures.fixture("vit_tiny.safetensors"), ModelOptions.auto().withHeads(4));
        vitCls = EmbeddingModel.load(Fixtures.fixture("vit_tiny.safetensors"),
                ModelOptions.builder().optHeads(4).optPooling(VitConfig.Pooling.CLS).build());
    }

    @AfterAll
    static void close() {
        vitMean.close();
        vitCls.close();
    }

    private static ImageEmbedder embedder(FeatureExtractor x) {
        return new ImageEmbedder(x, Preprocessing.authors(x.model().config().imageSize(), Normalization.IMAGENET, Map.of()),
                8, 16);
    }

    @Test
    void aMatrixOfNImagesCostsNForwardPassesAndOneBackwardPassPerPartner() {
        ExplainOptions options = ExplainOptions.DEFAULT; // auto: grad-rollout for a transformer
        ImageEmbedder embedder = embedder(new FeatureExtractor(vitMean, options));
        PassCounts.Snapshot before = PassCounts.now();
        List<ImageFeatures> f = embedder.features(IMAGES);
        List<PairExplanation> all = all(new PairExplainer(options), f);
        PassCounts.Snapshot spent = PassCounts.now().since(before);
        assertThat(all).hasSize(6);
        assertThat(all.get(0).options().mode()).isEqualTo(Mode.GRAD_ROLLOUT);
        assertThat(spent.forwardImages()).as("forward passes, in images").isEqualTo(IMAGES.size());
        assertThat(spent.forwardPasses()).as("one batch").isEqualTo(1);
        // each image has 3 partners: 3 rounds, each one backward pass through the batch of 4
        assertThat(spent.backwardPasses()).isEqualTo(IMAGES.size() - 1);
        // the kept pass served its request and was freed: the same pair again runs its images again
        PassCounts.Snapshot again = PassCounts.now();
        new PairExplainer(options).explain(f.get(0), f.get(1));
        assertThat(PassCounts.now().since(again).forwardImages()).isEqualTo(2);
    }

    @Test
    void aPairOutOfALargeKeptBatchRunsItsTwoImagesAgainRatherThanTheWholeBatchBackward() {
        List<Path> seven = List.of(Fixtures.fixture("blob0_32.png"), Fixtures.fixture("blob1_32.png"),
                Fixtures.fixture("blob2_32.png"), Fixtures.fixture("odd_50x37.png"), Fixtures.fixture("blob0_64.png"),
                Fixtures.fixture("blob1_64.png"), Fixtures.fixture("blob2_64.png"));
        ExplainOptions options = new ExplainOptions(Mode.GRAD_ROLLOUT, RolloutSpec.DEFAULT);
        List<ImageFeatures> f = embedder(new FeatureExtractor(vitMean, options)).features(seven);
        PassCounts.Snapshot before = PassCounts.now();
        PairExplanation alone = new PairExplainer(options).explain(f.get(0), f.get(1));
        PassCounts.Snapshot spent = PassCounts.now().since(before);
        assertThat(spent.forwardImages()).isEqualTo(2);
        assertThat(spent.backwardImages()).isEqualTo(2);
        // the same maps as through the kept batch, all pairs at once
        PairExplanation kept = all(new PairExplainer(options), f).get(0);
        close(alone.mapA().values(), kept.mapA().values());
        close(alone.mapB().values(), kept.mapB().values());
    }

    @Test
    void mapsDoNotDependOnTheSchedule() {
        for (EmbeddingModel model : List.of(vitMean, vitCls)) {
            for (RolloutSpec spec : List.of(RolloutSpec.DEFAULT, new RolloutSpec(HeadFusion.MAX, 1))) {
                ExplainOptions options = new ExplainOptions(Mode.GRAD_ROLLOUT, spec);
                // kept: the extractor's own forward pass, every pair of the matrix at once
                List<ImageFeatures> kept = embedder(new FeatureExtractor(model, options)).features(IMAGES);
                List<PairExplanation> together = all(new PairExplainer(options), kept);
                // one pair at a time, each pair's images run forward again (the schedule before)
                List<ImageFeatures> plain = embedder(new FeatureExtractor(model, spec)).features(IMAGES);
                sameAsOneByOne(together, plain, new PairExplainer(options), 0);
            }
        }
    }

    @Test
    void gradInputTakesTheInputGradientThroughEachImagesOwnForwardPassWithTheSameMaps() {
        try (EmbeddingModel resnet = EmbeddingModel.load(Fixtures.fixture("resnet_tiny.pth"),
                ModelOptions.builder().optImageSize(64).build())) {
            for (EmbeddingModel model : List.of(vitMean, vitCls, resnet)) {
                ExplainOptions options = new ExplainOptions(Mode.GRAD_INPUT, RolloutSpec.DEFAULT);
                FeatureExtractor keeping = new FeatureExtractor(model, options);
                assertThat(keeping.keepsPasses()).as("grad-input keeps the pass on any network").isTrue();
                PassCounts.Snapshot before = PassCounts.now();
                List<ImageFeatures> kept = embedder(keeping).features(IMAGES);
                List<PairExplanation> together = all(new PairExplainer(options), kept);
                PassCounts.Snapshot spent = PassCounts.now().since(before);
                assertThat(spent.forwardImages()).as("forward passes, in images").isEqualTo(IMAGES.size());
                assertThat(spent.backwardPasses()).as("one backward pass per round of partners").isEqualTo(IMAGES.size() - 1);
                // the schedule before: features without autograd, each map a forward and a backward pass of its own
                List<ImageFeatures> plain = embedder(new FeatureExtractor(model, options.rollout())).features(IMAGES);
                sameAsOneByOne(together, plain, new PairExplainer(options), 1e-6);
            }
        }
    }

    @Test
    void featuresPinNoNetworkAndAnEmbeddersFeaturesAreExplainedFromTheirFile() {
        ExplainOptions options = new ExplainOptions(Mode.GRAD_INPUT, RolloutSpec.DEFAULT);
        ImageEmbedder embedder = embedder(new FeatureExtractor(vitMean, options));
        List<ImageFeatures> f = embedder.features(IMAGES.subList(0, 2));
        for (var c : ImageFeatures.class.getRecordComponents()) {
            assertThat(c.getType()).as(c.getName()).isIn(String.class, float[].class, int.class, RolloutSpec.class);
        }
        // the input is prepared again from the file: the same map as from the pixels kept by a bare extraction
        FeatureExtractor bare = new FeatureExtractor(vitMean, options).withNormalization(Normalization.IMAGENET);
        Preprocessing prep = embedder.preprocessing();
        List<ImageFeatures> g = bare.extract(List.of("a", "b"), IMAGES.subList(0, 2).stream()
                .map(p -> prep.prepare(pairviz.image.ImageFiles.read(p)).pixels()).toList());
        PairExplainer x = new PairExplainer(options);
        close(x.explain(f.get(0), f.get(1)).mapA().values(), x.explain(g.get(0), g.get(1)).mapA().values());
    }

    @Test
    void featuresExtractedWithOtherRolloutSettingsAreRefused() {
        List<ImageFeatures> f = embedder(new FeatureExtractor(vitMean, RolloutSpec.DEFAULT)).features(IMAGES.subList(0, 2));
        for (Mode mode : List.of(Mode.REFERENCE, Mode.GRAD_ROLLOUT)) {
            PairExplainer x = new PairExplainer(new ExplainOptions(mode, new RolloutSpec(HeadFusion.MIN, 0)));
            assertThatThrownBy(() -> x.explain(f.get(0), f.get(1))).isInstanceOf(PairvizException.class)
                    .hasMessageContaining("extracted with head fusion mean from layer 0");
        }
    }

    private static List<PairExplanation> all(PairExplainer explainer, List<ImageFeatures> f) {
        List<ImageFeatures> as = new java.util.ArrayList<>();
        List<ImageFeatures> bs = new java.util.ArrayList<>();
        for (int i = 0; i < f.size(); i++) {
            for (int j = i + 1; j < f.size(); j++) {
                as.add(f.get(i));
                bs.add(f.get(j));
            }
        }
        return explainer.explainPairs(as, bs);
    }

    /**
     * The explanations of every pair of a matrix made at once equal those of each pair explained
     * alone from {@code plain} (the score to {@code scoreTolerance}, the maps to 1e-5).
     */
    private static void sameAsOneByOne(List<PairExplanation> together, List<ImageFeatures> plain, PairExplainer explainer,
            double scoreTolerance) {
        int k = 0;
        for (int i = 0; i < plain.size(); i++) {
            for (int j = i + 1; j < plain.size(); j++) {
                PairExplanation one = explainer.explain(plain.get(i), plain.get(j));
                PairExplanation many = together.get(k++);
                assertThat(many.score()).isCloseTo(one.score(), org.assertj.core.data.Offset.offset(scoreTolerance));
                close(many.mapA().values(), one.mapA().values());
                close(many.mapB().values(), one.mapB().values());
            }
        }
    }

    /** Equal to 1e-5 of the largest cell. */
    private static void close(float[] actual, float[] expected) {
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5 * scale + 1e-12));
        }
    }
}

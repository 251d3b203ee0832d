package pairviz.explain;

import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import pairviz.PairvizException;
import pairviz.image.Normalization;
import pairviz.image.Preprocessing;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.testutil.Fixtures;
import pairviz.testutil.TorchScriptFixtures;

/**
 * Maps of networks exported to TorchScript (src/test/python/make_torchscript_fixtures.py): the
 * decomposition of a ConvNeXt-like CNN and its sum, the rollout of a class-token transformer from
 * the attention maps it returns, and the input-gradient modes against torch autograd; what
 * {@code auto} picks for each, and grad-rollout refused.
 */
class TorchScriptMapsTest {
    /** Relative to the largest cell of the expected map, as in {@link GradientFixturesTest}. */
    static final double TOL = 1e-4;
    static final double IG_TOL = 2e-3;

    static final TorchScriptFixtures NETS = TorchScriptFixtures.shared();
    static final EmbeddingModel cnn = NETS.cnn();
    static final EmbeddingModel vit = NETS.vit();
    static final JsonNode expected = NETS.expected();
    /** Integrated gradients from each baseline (src/test/python/make_torchscript_ig_fixtures.py). */
    static final JsonNode expectedIg = Fixtures.fixtureJson("expected_torchscript_ig.json");

    @Test
    void theCnnsDecompositionIsTorchsAndSumsToTheCosine() {
        JsonNode pair = expected.get("cnn").get("pair");
        PairExplanation e = explain(cnn, Mode.NONE, pair);
        compare(e, pair.get("maps").get("none"), "none", TOL);
        assertThat(e.mapA().sum()).isCloseTo(e.score(), within(1e-5));
        assertThat(e.mapB().sum()).isCloseTo(e.score(), within(1e-5));
        assertThat(e.rolloutApplied()).isFalse();
    }

    @Test
    void theTransformersRolloutComesFromTheAttentionItReturns() {
        JsonNode pair = expected.get("vit").get("pair");
        PairExplanation e = explain(vit, Mode.CONSERVATIVE, pair);
        compare(e, pair.get("maps").get("conservative"), "conservative", TOL);
        assertThat(e.rolloutApplied()).isTrue();
        // the class token's share of the score goes to the grid except what the rollout keeps on the class token
        assertThat(e.mapA().sum()).isLessThan(e.score()).isGreaterThan(0);
        PairExplanation agnostic = explain(vit, Mode.REFERENCE, pair);
        assertThat(agnostic.rolloutApplied()).isTrue();
    }

    @Test
    void theInputGradientModesAreTorchAutogradsOnBothNetworks() {
        for (String key : List.of("cnn", "vit")) {
            EmbeddingModel m = key.equals("cnn") ? cnn : vit;
            JsonNode pair = expected.get(key).get("pair");
            compare(explain(m, Mode.GRAD_INPUT, pair), pair.get("maps").get("grad-input"), key + " grad-input", TOL);
            JsonNode igPair = expectedIg.get(key);
            for (Baseline b : Baseline.values()) {
                PairExplanation ig = explain(m, ig(Mode.INTEGRATED_GRADIENTS, b), igPair);
                JsonNode want = igPair.get("maps").get("integrated-gradients/" + b.id());
                compare(ig, want, key + " integrated-gradients/" + b.id(), IG_TOL);
                assertThat(ig.baselineA()).isCloseTo(want.get("a_baseline").asDouble(), within(1e-4));
                assertThat(ig.baselineB()).isCloseTo(want.get("b_baseline").asDouble(), within(1e-4));
            }
        }
    }

    @Test
    void autoPicksTheDecompositionForTheCnnAndIntegratedGradientsForTheTransformer() {
        JsonNode cnnPair = expected.get("cnn").get("pair");
        PairExplanation c = explain(cnn, Mode.AUTO, cnnPair);
        assertThat(c.options().mode()).isEqualTo(Mode.NONE);
        compare(c, cnnPair.get("maps").get("none"), "auto on the CNN", TOL);
        JsonNode vitPair = expectedIg.get("vit");
        PairExplanation v = explain(vit, ig(Mode.AUTO, Baseline.BLACK), vitPair);
        assertThat(v.options().mode()).isEqualTo(Mode.INTEGRATED_GRADIENTS);
        compare(v, vitPair.get("maps").get("integrated-gradients/black"), "auto on the transformer", IG_TOL);
    }

    @Test
    void gradRolloutIsRefusedInOneLine() {
        PairvizException e = assertThrows(PairvizException.class,
                () -> explain(vit, Mode.GRAD_ROLLOUT, expected.get("vit").get("pair")));
        assertThat(e.getMessage()).contains("grad-rollout", "cannot take inside script_vit.pt", "integrated-gradients")
                .doesNotContain("\n");
        assertThrows(PairvizException.class, () -> explain(cnn, Mode.GRAD_ROLLOUT, expected.get("cnn").get("pair")));
    }

    @Test
    void aNetworkTracedWithoutAutogradSaysSoInOneLine() {
        try (EmbeddingModel fused = EmbeddingModel.load(Fixtures.fixture("script_nograd.pt"), ModelOptions.auto())) {
            JsonNode pair = expected.get("cnn").get("pair");
            ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(fused, RolloutSpec.DEFAULT),
                Preprocessing.authors(fused.config().imageSize(), Normalization.IMAGENET, Map.of()), 8, 0);
            List<ImageFeatures> f = embedder.features(List.of(Fixtures.fixture(pair.get("a").asText()),
                    Fixtures.fixture(pair.get("b").asText())));
            PairvizException e = assertThrows(PairvizException.class,
                    () -> new PairExplainer(new ExplainOptions(Mode.GRAD_INPUT, RolloutSpec.DEFAULT)).explain(f.get(0), f.get(1)));
            assertThat(e.getMessage()).contains("cannot take the gradient through script_nograd.pt",
                    "traced with autograd on").doesNotContain("\n");
            // its decomposition needs no gradient
            assertThat(new PairExplainer(ExplainOptions.REFERENCE).explain(f.get(0), f.get(1)).mapA().sum())
                    .isCloseTo(new PairExplainer(ExplainOptions.REFERENCE).explain(f.get(0), f.get(1)).score(), within(1e-5));
        }
    }

    /** Options for {@code mode} with integrated gradients of the fixtures' steps from {@code baseline}. */
    private static ExplainOptions ig(Mode mode, Baseline baseline) {
        return new ExplainOptions(mode, RolloutSpec.DEFAULT,
                new IntegratedGradientsSpec(expectedIg.get("steps").asInt(), baseline));
    }

    private static PairExplanation explain(EmbeddingModel model, Mode mode, JsonNode pair) {
        return explain(model, new ExplainOptions(mode, RolloutSpec.DEFAULT), pair);
    }

    private static PairExplanation explain(EmbeddingModel model, ExplainOptions options, JsonNode pair) {
        ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(model, RolloutSpec.DEFAULT),
                Preprocessing.authors(model.config().imageSize(), Normalization.IMAGENET, Map.of()), 8, 0);
        List<ImageFeatures> f = embedder.features(List.of(Fixtures.fixture(pair.get("a").asText()),
                Fixtures.fixture(pair.get("b").asText())));
        PairExplanation e = new PairExplainer(options).explain(f.get(0), f.get(1));
        assertThat(e.score()).isCloseTo(pair.get("score").asDouble(), within(1e-5));
        return e;
    }

    private static void compare(PairExplanation e, JsonNode want, String what, double tol) {
        compare(e.mapA().values(), want.get("a"), what + " A", tol);
        compare(e.mapB().values(), want.get("b"), what + " B", tol);
    }

    private static void compare(float[] actual, JsonNode grid, String what, double tol) {
        float[] w = Fixtures.floats(grid);
        double scale = 0;
        for (float v : w) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(scale).as("%s: a map that is not zero", what).isGreaterThan(1e-6);
        assertThat(actual).hasSize(w.length);
        for (int i = 0; i < w.length; i++) {
            assertThat((double) actual[i]).as("%s cell %d", what, i).isCloseTo(w[i], within(tol * scale + 1e-7));
        }
    }
}

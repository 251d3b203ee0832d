package pairviz.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pairviz.image.Normalization;
import pairviz.image.Preprocessing;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.vit.VitConfig;
import pairviz.testutil.Fixtures;

/**
 * pairviz against the independent Python reference of docs/reference.md (src/test/python): the same
 * checkpoints and images must give the same embeddings, rollouts and maps.
 */
class ReferenceFixturesTest {
    static final double MAP_TOL = 1e-5;
    static final double FEATURE_TOL = 2e-5;

    static EmbeddingModel vitPth;
    static EmbeddingModel vitSafetensors;
    static EmbeddingModel vitCls;
    static EmbeddingModel resnet;

    @BeforeAll
    static void load() {
        ModelOptions heads4 = ModelOptions.auto().withHeads(4);
        vitPth = EmbeddingModel.load(Fixtures.fixture("vit_tiny.pth"), heads4);
        vitSafetensors = EmbeddingModel.load(Fixtures.fixture("vit_tiny.safetensors"), heads4);
        vitCls = EmbeddingModel.load(Fixtures.fixture("vit_tiny.safetensors"),
                ModelOptions.builder().optHeads(4).optPooling(VitConfig.Pooling.CLS).build());
        resnet = EmbeddingModel.load(Fixtures.fixture("resnet_tiny.pth"), ModelOptions.builder().optImageSize(64).build());
    }

    @AfterAll
    static void close() {
        for (EmbeddingModel m : List.of(vitPth, vitSafetensors, vitCls, resnet)) {
            m.close();
        }
    }

    /** Features of every fixture image under one rollout spec, by image name. */
    static Map<String, ImageFeatures> features(EmbeddingModel model, JsonNode expected, RolloutSpec spec) {
        ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(model, spec),
                Preprocessing.authors(model.config().imageSize(), Normalization.IMAGENET, Map.of()), 8, 0);
        List<Path> paths = new ArrayList<>();
        expected.get("images").forEach(img -> paths.add(Fixtures.fixture(img.get("name").asText())));
        Map<String, ImageFeatures> out = new HashMap<>();
        for (ImageFeatures f : embedder.features(paths)) {
            out.put(f.id(), f);
        }
        return out;
    }

    static void assertClose(float[] actual, JsonNode expected, double tol) {
        float[] e = Fixtures.floats(expected);
        assertThat(actual).hasSize(e.length);
        for (int i = 0; i < e.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(e[i], within(tol));
        }
    }

    @Test
    void vitArchitectureIsInferredFromTheCheckpoint() {
        assertThat(vitPth.config()).isEqualTo(new VitConfig(32, 8, 48, 3, 4, 96, 24, VitConfig.Pooling.MEAN));
        assertThat(resnet.config().gridSize()).isEqualTo(8);
    }

    @Test
    void vitEmbeddingsTokensAndRolloutMatchTheReference() {
        checkImages(vitPth, Fixtures.fixtureJson("expected_vit_tiny.json"), true);
    }

    @Test
    void safetensorsGivesTheSameAsPth() {
        checkImages(vitSafetensors, Fixtures.fixtureJson("expected_vit_tiny.json"), true);
    }

    @Test
    void classTokenPoolingMatchesTheReference() {
        JsonNode expected = Fixtures.fixtureJson("expected_vit_tiny_cls.json");
        checkImages(vitCls, expected, false);
        // the class token's row of R over the patch tokens
        for (HeadFusion fusion : HeadFusion.values()) {
            for (int start = 0; start <= 1; start++) {
                Map<String, ImageFeatures> fs = features(vitCls, expected, new RolloutSpec(fusion, start));
                for (JsonNode img : expected.get("images")) {
                    Heatmap m = OutputAgnosticRollout.explain(fs.get(img.get("name").asText()));
                    assertClose(m.values(), img.get("output_agnostic").get(fusion.id()).get("" + start), MAP_TOL);
                }
            }
        }
    }

    @Test
    void resnetEmbeddingsAndMapsMatchTheReference() {
        JsonNode expected = Fixtures.fixtureJson("expected_resnet_tiny.json");
        Map<String, ImageFeatures> fs = checkImages(resnet, expected, false);
        PairExplainer explainer = new PairExplainer(ExplainOptions.REFERENCE);
        for (JsonNode pair : expected.get("pairs")) {
            PairExplanation e = explainer.explain(fs.get(pair.get("a").asText()), fs.get(pair.get("b").asText()));
            assertThat(e.score()).isCloseTo(pair.get("score").asDouble(), within(MAP_TOL));
            assertThat(e.rolloutApplied()).isFalse();
            assertClose(e.mapA().values(), pair.get("maps").get("none").get("a"), MAP_TOL);
            assertClose(e.mapB().values(), pair.get("maps").get("none").get("b"), MAP_TOL);
        }
    }

    @Test
    void vitPairedMapsMatchTheReferenceInEveryModeFusionAndStartLayer() {
        JsonNode expected = Fixtures.fixtureJson("expected_vit_tiny.json");
        for (HeadFusion fusion : HeadFusion.values()) {
            for (int start = 0; start <= 1; start++) {
                RolloutSpec spec = new RolloutSpec(fusion, start);
                Map<String, ImageFeatures> fs = features(vitPth, expected, spec);
                for (Mode mode : List.of(Mode.REFERENCE, Mode.CONSERVATIVE, Mode.NONE)) {
                    PairExplainer explainer = new PairExplainer(new ExplainOptions(mode, spec));
                    for (JsonNode pair : expected.get("pairs")) {
                        PairExplanation e = explainer.explain(fs.get(pair.get("a").asText()), fs.get(pair.get("b").asText()));
                        assertThat(e.score()).isCloseTo(pair.get("score").asDouble(), within(MAP_TOL));
                        JsonNode maps = mode == Mode.NONE
                                ? pair.get("maps").get("none")
                                : pair.get("maps").get(mode.id()).get(fusion.id()).get("" + start);
                        assertClose(e.mapA().values(), maps.get("a"), MAP_TOL);
                        assertClose(e.mapB().values(), maps.get("b"), MAP_TOL);
                    }
                }
            }
        }
    }

    @Test
    void tokenSimilarityAndClassMapMatchTheReference() {
        JsonNode expected = Fixtures.fixtureJson("expected_vit_tiny.json");
        for (HeadFusion fusion : HeadFusion.values()) {
            for (int start = 0; start <= 1; start++) {
                RolloutSpec spec = new RolloutSpec(fusion, start);
                Map<String, ImageFeatures> fs = features(vitPth, expected, spec);
                JsonNode cm = expected.get("class_map");
                List<float[]> gallery = new ArrayList<>();
                cm.get("gallery").forEach(g -> gallery.add(fs.get(g.asText()).beta()));
                for (Mode mode : List.of(Mode.REFERENCE, Mode.CONSERVATIVE, Mode.NONE)) {
                    ClassMap map = new ClassMapExplainer(new ExplainOptions(mode, spec))
                            .explain(fs.get(cm.get("query").asText()), gallery);
                    JsonNode want = mode == Mode.NONE ? cm.get("maps").get("none")
                            : cm.get("maps").get(mode.id()).get(fusion.id()).get("" + start);
                    assertClose(map.map().values(), want, MAP_TOL);
                }
                JsonNode ts = expected.get("token_similarity");
                assertClose(TokenSimilarity.matrix(fs.get(ts.get("a").asText()), fs.get(ts.get("b").asText())),
                        ts.get("S"), MAP_TOL);
            }
        }
    }

    private static Map<String, ImageFeatures> checkImages(EmbeddingModel model, JsonNode expected, boolean meanPooled) {
        Map<String, ImageFeatures> fs = features(model, expected, RolloutSpec.DEFAULT);
        for (JsonNode img : expected.get("images")) {
            ImageFeatures f = fs.get(img.get("name").asText());
            assertClose(f.beta(), img.get("beta"), FEATURE_TOL);
            if (meanPooled) {
                float[] alpha = f.contributions().clone();
                int n = f.gridRows() * f.gridCols();
                for (int i = 0; i < alpha.length; i++) {
                    alpha[i] *= n;
                }
                assertClose(alpha, img.get("alpha"), FEATURE_TOL);
            }
            if (img.has("rollout_mean_start0")) {
                assertClose(f.rollout(), img.get("rollout_mean_start0"), FEATURE_TOL);
            }
            if (meanPooled && img.has("output_agnostic")) {
                assertClose(OutputAgnosticRollout.explain(f).values(), img.get("output_agnostic").get("mean").get("0"), MAP_TOL);
            }
        }
        return fs;
    }
}

package pairviz.loading.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pairviz.loading.family.VitFamilyFixtures.assertEmbeds;
import static pairviz.loading.family.VitFamilyFixtures.edit;
import static pairviz.loading.family.VitFamilyFixtures.filled;
import static pairviz.loading.family.VitFamilyFixtures.inputs;
import static pairviz.loading.family.VitFamilyFixtures.rows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;
import pairviz.explain.ExplainOptions;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageFeatures;
import pairviz.explain.Mode;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.explain.RolloutSpec;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;
import pairviz.testutil.Fixtures;

/**
 * Checkpoints saved by torchvision's own VisionTransformer (src/test/python/vit/make_torchvision_vit.py)
 * load with {@code model auto} and embed as torchvision embeds them.
 */
class TorchvisionVitTest {
    static final Path PTH = Fixtures.fixture("vit/torchvision_vit_tiny.pth");
    static final JsonNode EXPECTED = Fixtures.fixtureJson("vit/torchvision_vit_tiny.json");
    /** The fixture has 2 heads; width 32 / 64 would give 1. */
    static final ModelOptions HEADS2 = ModelOptions.auto().withHeads(2);

    @TempDir Path tmp;

    static List<float[]> inputs() {
        return VitFamilyFixtures.inputs(EXPECTED.get("batch").asInt(), 32);
    }

    static List<float[]> expected(String head) {
        return rows(EXPECTED.get("embeddings").get(head));
    }

    private Path write(StateDict dict, String name) {
        Path p = tmp.resolve(name);
        SafetensorsWriter.write(p, dict, Map.of());
        return p;
    }

    @Test
    void aLinearEmbeddingHeadEmbedsAsTorchvisionFromPthAndSafetensors() {
        try (EmbeddingModel m = EmbeddingModel.load(PTH, HEADS2)) {
            assertThat(m.reading().family().id()).isEqualTo("torchvision-vit");
            VitConfig c = (VitConfig) m.config();
            assertThat(c.pooling()).isEqualTo(VitConfig.Pooling.CLS);
            assertThat(c.imageSize()).isEqualTo(32);
            assertThat(c.outDim()).isEqualTo(16);
            assertThat(m.reading().ignored()).isEmpty();
            assertEmbeds(m, inputs(), expected("linear"), 1e-5);
        }
        try (EmbeddingModel m = EmbeddingModel.load(write(Checkpoints.read(PTH), "tv.safetensors"), HEADS2)) {
            assertEmbeds(m, inputs(), expected("linear"), 1e-5);
        }
    }

    @Test
    void aWholePickledModelReadsAsItsStateDict() {
        try (EmbeddingModel m = EmbeddingModel.load(Fixtures.fixture("vit/torchvision_vit_tiny_module.pth"), HEADS2)) {
            assertThat(m.reading().family().id()).isEqualTo("torchvision-vit");
            assertEmbeds(m, inputs(), expected("linear"), 1e-5);
        }
    }

    @Test
    void preLogitsWithTanhAndNoHeadEmbedAsTorchvision() {
        StateDict body = edit(Checkpoints.read(PTH), n -> n.startsWith("heads."), Map.of());
        StateDict pre = Checkpoints.read(Fixtures.fixture("vit/torchvision_vit_tiny_prelogits_heads.pth"));
        try (EmbeddingModel m = EmbeddingModel.load(write(edit(body, n -> false, pre.asMap()), "pre.safetensors"), HEADS2)) {
            assertThat(((VitConfig) m.config()).variant().preLogits()).isEqualTo(24);
            assertEmbeds(m, inputs(), expected("prelogits"), 1e-5);
        }
        try (EmbeddingModel m = EmbeddingModel.load(write(body, "bare.safetensors"), HEADS2)) {
            assertThat(((VitConfig) m.config()).variant().head()).isEqualTo(VitConfig.Head.NONE);
            assertThat(m.config().outDim()).isEqualTo(32);
            assertEmbeds(m, inputs(), expected("none"), 1e-5);
        }
    }

    @Test
    void anImageNetClassifierIsIgnoredAndTheFeaturesAreTheEmbedding() {
        StateDict classifier = edit(Checkpoints.read(PTH), n -> n.startsWith("heads."),
                Map.of("heads.head.weight", filled(1000, 32), "heads.head.bias", filled(1000)));
        try (EmbeddingModel m = EmbeddingModel.load(write(classifier, "cls1000.safetensors"), HEADS2)) {
            assertThat(m.reading().ignored()).singleElement().asString().contains("heads", "classifier", "1000");
            assertEmbeds(m, inputs(), expected("none"), 1e-5);
        }
    }

    @Test
    void olderTorchvisionMlpNamesReadTheSame() {
        StateDict legacy = Checkpoints.read(PTH).rename(n -> n.replace("mlp.0.", "mlp.linear_1.").replace("mlp.3.", "mlp.linear_2."));
        assertThat(legacy.names()).anyMatch(n -> n.endsWith("mlp.linear_2.weight"));
        try (EmbeddingModel m = EmbeddingModel.load(write(legacy, "legacy.safetensors"), HEADS2)) {
            assertEmbeds(m, inputs(), expected("linear"), 1e-5);
        }
    }

    @Test
    void theExplainedScoreIsTorchvisionsCosine() {
        List<float[]> x = inputs();
        List<float[]> e = expected("linear");
        try (EmbeddingModel m = EmbeddingModel.load(PTH, HEADS2)) {
            List<ImageFeatures> f = new FeatureExtractor(m, RolloutSpec.DEFAULT).extract(List.of("a", "b"), x.subList(0, 2));
            for (Mode mode : List.of(Mode.AUTO, Mode.REFERENCE)) {
                PairExplanation p = new PairExplainer(ExplainOptions.DEFAULT.withMode(mode)).explain(f.get(0), f.get(1));
                assertThat(p.score()).as(mode.name()).isCloseTo(VitFamilyFixtures.cosine(e.get(0), e.get(1)),
                        org.assertj.core.api.Assertions.within(1e-4));
                assertThat(p.mapA().values()).hasSize(16);
            }
        }
    }

    @Test
    void torchvisionsOwnSizesGiveItsHeadCountAndANote() {
        // vit_h_14's sizes: 16 heads, which width / 64 (20) would miss
        StateDict dict = edit(Checkpoints.read(PTH), n -> true, Map.of(
                "conv_proj.weight", new Tensor(new long[] {1280, 3, 14, 14}, new float[1280 * 3 * 14 * 14]),
                "class_token", new Tensor(new long[] {1, 1, 1280}, new float[1280]),
                "encoder.pos_embedding", new Tensor(new long[] {1, 5, 1280}, new float[5 * 1280])));
        Map<String, Tensor> layers = new HashMap<>(dict.asMap());
        for (int i = 0; i < 32; i++) {
            String l = "encoder.layers.encoder_layer_" + i + ".";
            layers.put(l + "self_attention.in_proj_weight", new Tensor(new long[] {3, 1}, new float[3]));
            layers.put(l + "mlp.0.weight", new Tensor(new long[] {5120, 1}, new float[5120]));
        }
        CheckpointReading r = new TorchvisionVit().read(StateDict.of(layers), CheckpointSource.inMemory("h14", ModelOptions.auto()));
        assertThat(((VitConfig) r.config()).heads()).isEqualTo(16);
        assertThat(r.notes()).anyMatch(n -> n.contains("vit_h_14"));
    }

    @Test
    void aHeadOfSeveralLayersIsRefusedInOneLine() {
        StateDict mlpHead = edit(Checkpoints.read(PTH), n -> n.startsWith("heads."), Map.of(
                "heads.0.weight", filled(24, 32), "heads.0.bias", filled(24),
                "heads.2.weight", filled(16, 24), "heads.2.bias", filled(16)));
        assertThatThrownBy(() -> EmbeddingModel.load(write(mlpHead, "mlp.safetensors"), HEADS2))
                .isInstanceOf(PairvizException.class).hasMessageContaining("heads.0.weight, heads.2.weight");
    }
}

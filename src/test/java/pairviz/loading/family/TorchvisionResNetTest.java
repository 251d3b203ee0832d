package pairviz.loading.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pairviz.PairvizException;
import pairviz.explain.ExplainOptions;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.ImageFeatures;
import pairviz.explain.Mode;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.explain.RolloutSpec;
import pairviz.explain.Vectors;
import pairviz.image.Normalization;
import pairviz.image.Preprocessing;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.resnet.ResNetV1Config;
import pairviz.model.resnet.ResNetV1Config.Block;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;
import pairviz.testutil.Fixtures;

/**
 * torchvision's own ResNets (src/test/python/make_torchvision_resnet_fixtures.py: its ResNet,
 * BasicBlock and Bottleneck classes at tiny size, random weights and BatchNorm statistics, an
 * embedding {@code fc}) load with {@code auto}, embed as torchvision embeds them, and the
 * decomposition's maps sum to the cosine of torchvision's embeddings.
 */
class TorchvisionResNetTest {
    static final Path DIR = Fixtures.fixture("torchvision_resnet");
    static final ModelOptions AT_96 = ModelOptions.builder().optImageSize(96).build();

    @TempDir Path tmp;

    static JsonNode expected(String model) {
        return Fixtures.json("fixtures/torchvision_resnet/expected_" + model + ".json");
    }

    static StateDict weights(String model) {
        return Checkpoints.read(DIR.resolve(model + ".pth"));
    }

    /** The fixture's weights after {@code edit}, written as a .pth-free safetensors file in {@code tmp}. */
    Path edited(String model, Consumer<Map<String, Tensor>> edit) {
        Map<String, Tensor> w = new LinkedHashMap<>(weights(model).asMap());
        edit.accept(w);
        Path file = tmp.resolve(model + "-edited.safetensors");
        SafetensorsWriter.write(file, StateDict.of(w), Map.of());
        return file;
    }

    static List<ImageFeatures> features(EmbeddingModel m, JsonNode expected) {
        ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(m, RolloutSpec.DEFAULT),
                Preprocessing.authors(m.config().imageSize(), Normalization.IMAGENET, Map.of()), 8, 0);
        List<Path> images = new ArrayList<>();
        expected.get("images").forEach(n -> images.add(DIR.resolve(n.asText())));
        return embedder.features(images);
    }

    /** The bar (cosine >= 0.9999, relative error <= 1e-3) and a tenfold tighter one on the relative error. */
    static void assertEmbedsAs(float[] actual, JsonNode expected) {
        float[] e = Fixtures.floats(expected);
        assertThat(actual).hasSize(e.length);
        assertThat(Vectors.cosine(actual, e)).isGreaterThanOrEqualTo(0.9999);
        assertThat(relativeError(actual, e)).isLessThanOrEqualTo(1e-4);
    }

    /** |actual - expected| / |expected|, Euclidean norms. */
    static double relativeError(float[] actual, float[] expected) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += ((double) actual[i] - expected[i]) * ((double) actual[i] - expected[i]);
            norm += (double) expected[i] * expected[i];
        }
        return Math.sqrt(diff / norm);
    }

    @Test
    void architecturesAreReadOffTheShapes() {
        assertThat(EmbeddingModel.read(DIR.resolve("basic.pth"), AT_96).config())
                .isEqualTo(new ResNetV1Config(96, Block.BASIC, List.of(2, 1, 1, 1), 8, 4, 1, 64, 12));
        assertThat(EmbeddingModel.read(DIR.resolve("bottleneck.pth"), AT_96).config())
                .isEqualTo(new ResNetV1Config(96, Block.BOTTLENECK, List.of(1, 2, 1, 1), 8, 4, 1, 64, 16));
        CheckpointReading grouped = EmbeddingModel.read(DIR.resolve("grouped.pth"), ModelOptions.auto());
        assertThat(grouped.config()).as("torchvision's 224 unless told")
                .isEqualTo(new ResNetV1Config(224, Block.BOTTLENECK, List.of(1, 1, 1, 1), 8, 4, 2, 32, 10));
        assertThat(grouped.family()).isInstanceOf(TorchvisionResNet.class);
        assertThat(grouped.config().kind()).isEqualTo("ResNet");
        assertThat(grouped.config().gridSize()).isEqualTo(7);
        assertThat(grouped.ignored()).containsExactly("17 BatchNorm num_batches_tracked counters (training bookkeeping)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic", "bottleneck", "grouped"})
    void embeddingsTokensAndMapsAreTorchvisions(String model) {
        JsonNode expected = expected(model);
        Path safetensors = tmp.resolve(model + ".safetensors");
        SafetensorsWriter.write(safetensors, weights(model), Map.of());
        for (Path file : List.of(DIR.resolve(model + ".pth"), safetensors)) {
            try (EmbeddingModel m = EmbeddingModel.load(file, AT_96)) {
                List<ImageFeatures> f = features(m, expected);
                for (int i = 0; i < f.size(); i++) {
                    assertEmbedsAs(f.get(i).beta(), expected.get("embeddings").get(i));
                    float[] contributions = f.get(i).contributions().clone(); // alpha / N
                    int n = f.get(i).tokens();
                    assertThat(n).isEqualTo(9);
                    for (int k = 0; k < contributions.length; k++) {
                        contributions[k] *= n;
                    }
                    assertEmbedsAs(contributions, expected.get("tokens").get(i));
                }
                for (Mode mode : List.of(Mode.AUTO, Mode.REFERENCE)) {
                    PairExplainer explainer = new PairExplainer(ExplainOptions.DEFAULT.withMode(mode));
                    for (int a = 0; a < f.size(); a++) {
                        for (int b = a + 1; b < f.size(); b++) {
                            double cosine = expected.get("cosine").get(a + "-" + b).asDouble();
                            PairExplanation p = explainer.explain(f.get(a), f.get(b));
                            assertThat(p.score()).isCloseTo(cosine, within(1e-4));
                            assertThat(p.mapA().sum()).as("%s map A of %d-%d", mode, a, b).isCloseTo(cosine, within(1e-4));
                            assertThat(p.mapB().sum()).as("%s map B of %d-%d", mode, a, b).isCloseTo(cosine, within(1e-4));
                            assertThat(p.mapA().rows()).isEqualTo(3);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aClassifierHeadIsIgnoredAndThePooledFeaturesEmbed() {
        Path file = edited("basic", w -> {
            w.put("fc.weight", new Tensor(new long[] {1000, 32}, new float[32_000]));
            w.put("fc.bias", new Tensor(new long[] {1000}, new float[1000]));
        });
        JsonNode expected = expected("basic");
        try (EmbeddingModel m = EmbeddingModel.load(file, AT_96)) {
            assertThat(((ResNetV1Config) m.config()).head()).isNull();
            assertThat(m.config().outDim()).isEqualTo(32);
            assertThat(m.reading().ignored()).contains(
                    "fc.weight, fc.bias (classifier head of 1000 classes; the embedding is the 32-d pooled features)");
            List<ImageFeatures> f = features(m, expected);
            for (int i = 0; i < f.size(); i++) {
                assertEmbedsAs(f.get(i).beta(), expected.get("features").get(i));
            }
        }
    }

    @Test
    void withoutAHeadThePooledFeaturesEmbed() {
        Path file = edited("bottleneck", w -> {
            w.remove("fc.weight");
            w.remove("fc.bias");
        });
        JsonNode expected = expected("bottleneck");
        try (EmbeddingModel m = EmbeddingModel.load(file, AT_96)) {
            assertThat(m.config().outDim()).isEqualTo(128);
            List<ImageFeatures> f = features(m, expected);
            assertEmbedsAs(f.get(1).beta(), expected.get("features").get(1));
        }
    }

    @Test
    void aHeadWithoutBiasIsTheSameLinearMapWithoutIt() {
        float[] bias = weights("basic").get("fc.bias").data();
        Path file = edited("basic", w -> w.remove("fc.bias"));
        JsonNode expected = expected("basic");
        try (EmbeddingModel m = EmbeddingModel.load(file, AT_96)) {
            float[] beta = features(m, expected).get(0).beta();
            float[] want = Fixtures.floats(expected.get("embeddings").get(0));
            for (int i = 0; i < want.length; i++) {
                assertThat((double) beta[i]).isCloseTo(want[i] - bias[i], within(1e-4));
            }
        }
    }

    @Test
    void badShapesAreOneClearLine() {
        Path stem = edited("basic", w -> w.put("conv1.weight", new Tensor(new long[] {8, 3, 5, 5}, new float[600])));
        assertThatThrownBy(() -> EmbeddingModel.load(stem, AT_96)).isInstanceOf(PairvizException.class)
                .hasMessage("checkpoint basic-edited.safetensors: conv1.weight is [8, 3, 5, 5], expected [width, 3, 7, 7]"
                        + " (torchvision's 7x7 stem)");
        Path block = edited("bottleneck", w -> w.put("layer2.0.conv1.weight",
                new Tensor(new long[] {8, 15, 1, 1}, new float[120])));
        assertThatThrownBy(() -> EmbeddingModel.load(block, AT_96)).isInstanceOf(PairvizException.class)
                .hasMessageContaining("layer2.0.conv1.weight is [8, 15, 1, 1], expected [8, 16, 1, 1]")
                .hasMessageNotContaining("\n");
        Path se = edited("basic", w -> w.put("layer1.0.se.fc1.weight", new Tensor(new long[] {1}, new float[1])));
        assertThatThrownBy(() -> EmbeddingModel.load(se, AT_96)).isInstanceOf(PairvizException.class)
                .hasMessageContaining("squeeze-excitation");
        Path mlp = edited("basic", w -> {
            w.put("fc.0.weight", w.remove("fc.weight"));
            w.put("fc.0.bias", w.remove("fc.bias"));
        });
        assertThatThrownBy(() -> EmbeddingModel.read(mlp, AT_96)).isInstanceOf(PairvizException.class)
                .hasMessage("checkpoint basic-edited.safetensors: fc is not one Linear layer (fc.0.weight); pairviz"
                        + " decomposes a ResNet with a linear embedding head only (docs/models.md)");
        Path size = DIR.resolve("basic.pth");
        assertThatThrownBy(() -> EmbeddingModel.load(size, ModelOptions.builder().optImageSize(100).build()))
                .isInstanceOf(PairvizException.class).hasMessageContaining("image size 100 must be a multiple of 32");
    }

    @Test
    void aGroupNormVariantResemblesTheFamilyAndSaysWhatItLacks() {
        Path file = edited("basic", w -> w.keySet().removeIf(n -> n.startsWith("bn1.running")));
        assertThatThrownBy(() -> EmbeddingModel.load(file, AT_96)).isInstanceOf(PairvizException.class)
                .hasMessageContaining("resembles torchvision ResNet v1").hasMessageEndingWith("lacks bn1.running_mean");
    }

    @Test
    void inspectDescribesIt() {
        CheckpointSummary s = CheckpointSummary.of("grouped.pth", EmbeddingModel.read(DIR.resolve("grouped.pth"), AT_96));
        assertThat(s.family()).isEqualTo("torchvision-resnet");
        assertThat(s.kind()).isEqualTo("ResNet");
        assertThat(s.architecture()).isEqualTo(
                "ResNeXt-14 2x32d (bottleneck blocks [1, 1, 1, 1], stem 8, planes 4, 10-d embedding head, 96x96 input)");
        assertThat(s.grid()).isEqualTo(3);
        assertThat(s.embedding()).isEqualTo(10);
    }
}

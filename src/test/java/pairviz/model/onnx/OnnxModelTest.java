package pairviz.model.onnx;

import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
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
import pairviz.model.Trace;
import pairviz.testutil.Fixtures;

/**
 * ONNX exports of torchvision's ResNet and ViT (src/test/python/make_onnx_fixtures.py) run by the
 * graph interpreter: they embed as torch does, their per-position features and attention are
 * torch's, and every map mode gives what the same weights give through pairviz's native reading.
 */
class OnnxModelTest {
    static final Path DIR = OnnxReaderTest.DIR;
    static final JsonNode EXPECTED = Fixtures.fixtureJson("onnx/expected.json");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"resnet_basic", "resnet_bottleneck", "resnet_basic_external", "vit_tiny_op13", "vit_tiny_op17",
            "vit_meanpool"})
    void embedsAsTorchDoes(String name) {
        boolean vit = name.startsWith("vit");
        boolean meanPooled = name.equals("vit_meanpool"); // a class token the embedding does not read
        JsonNode want = EXPECTED.get(name.replace("_external", "").replaceAll("_op1[37]$", ""));
        try (EmbeddingModel m = EmbeddingModel.load(DIR.resolve(name + ".onnx"), ModelOptions.auto());
                NDManager sub = m.manager().newSubManager()) {
            assertThat(m.reading().family().id()).isEqualTo("onnx");
            assertThat(m.config().classToken()).isEqualTo(vit && !meanPooled);
            assertThat(m.config().attentionLayers()).isEqualTo(vit ? 2 : 0);
            assertThat(m.config().gridSize()).isEqualTo(vit ? 4 : 3);
            Trace t = m.trace(m.input(sub, inputs(vit)));
            List<float[]> beta = rows(t.beta());
            for (int b = 0; b < beta.size(); b++) {
                float[] e = Fixtures.floats(want.get("embeddings").get(b));
                assertThat(1 - Vectors.cosine(beta.get(b), e)).as("1 - cosine, image %d", b).isLessThanOrEqualTo(1e-6);
                // the export folds BatchNorm into the convolutions in float32 (resnet_basic): 4e-5 of the
                // unfolded module's numbers
                assertThat(relativeError(beta.get(b), e)).as("relative error, image %d", b).isLessThanOrEqualTo(1e-4);
                float[] tokens = t.alpha().get(b).toFloatArray();
                assertThat(relativeError(tokens, Fixtures.floats(want.get("tokens").get(b)))).isLessThanOrEqualTo(1e-4);
            }
            if (vit) {
                assertThat(t.prefixTokens()).isEqualTo(1);
                assertThat(t.readoutTokens()).isEqualTo(meanPooled ? 0 : 1);
                float[] att = flat(t.attentions());
                float[] wantAtt = Fixtures.floats(want.get("attentions"));
                assertThat(att).hasSize(wantAtt.length);
                for (int i = 0; i < att.length; i++) {
                    assertThat(att[i]).as("attention %d", i).isCloseTo(wantAtt[i], within(1e-5f));
                }
            }
        }
    }

    @Test
    void theVitExplainsInEveryModeAsTheNativeTorchvisionVitDoes() {
        List<Path> pair = List.of(Fixtures.fixture("blob0_32.png"), Fixtures.fixture("blob1_32.png"));
        try (EmbeddingModel onnx = EmbeddingModel.load(DIR.resolve("vit_tiny_op17.onnx"), ModelOptions.auto());
                EmbeddingModel nat = EmbeddingModel.load(Fixtures.fixture("vit/torchvision_vit_tiny.pth"),
                        ModelOptions.auto().withHeads(2))) {
            for (Mode mode : List.of(Mode.AUTO, Mode.REFERENCE, Mode.CONSERVATIVE, Mode.NONE, Mode.GRAD_ROLLOUT,
                    Mode.GRAD_INPUT, Mode.INTEGRATED_GRADIENTS)) {
                PairExplanation o = explainsAlike(onnx, nat, mode, pair);
                if (mode == Mode.CONSERVATIVE) {
                    assertThat(o.rolloutApplied()).isTrue();
                    assertThat(o.mapA().sum()).isLessThan(o.score()).isGreaterThan(0); // the class token keeps a share
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops_zoo_op11", "ops_zoo_op13"})
    void everyOtherOperationComputesAsTorchAtOperatorSets11And13(String name) {
        JsonNode want = EXPECTED.get("ops_zoo");
        try (EmbeddingModel m = EmbeddingModel.load(DIR.resolve(name + ".onnx"), ModelOptions.auto());
                NDManager sub = m.manager().newSubManager()) {
            Trace t = m.trace(m.input(sub, inputs(true)));
            List<float[]> beta = rows(t.beta());
            for (int b = 0; b < beta.size(); b++) {
                float[] e = Fixtures.floats(want.get("embeddings").get(b));
                assertThat(1 - Vectors.cosine(beta.get(b), e)).as("1 - cosine, image %d", b).isLessThanOrEqualTo(1e-6);
                assertThat(relativeError(beta.get(b), e)).as("relative error, image %d", b).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    /**
     * torchvision's Swin Transformer (small): its shifted windows' attention mask exports as Mod,
     * Not, Range, ScatterND and a Where that broadcasts a scalar; the embedding is torch's.
     */
    @Test
    void torchvisionsSwinEmbedsAsTorch() {
        JsonNode want = EXPECTED.get("swin_tiny");
        try (EmbeddingModel m = EmbeddingModel.load(DIR.resolve("swin_tiny.onnx"), ModelOptions.auto());
                NDManager sub = m.manager().newSubManager()) {
            assertThat(m.config().gridSize()).isEqualTo(4);
            Trace t = m.trace(m.input(sub, inputs(true)));
            List<float[]> beta = rows(t.beta());
            assertThat(beta).hasSize(3);
            for (int b = 0; b < beta.size(); b++) {
                float[] e = Fixtures.floats(want.get("embeddings").get(b));
                assertThat(1 - Vectors.cosine(beta.get(b), e)).as("1 - cosine, image %d", b).isLessThanOrEqualTo(1e-6);
                assertThat(relativeError(beta.get(b), e)).as("relative error, image %d", b).isLessThanOrEqualTo(1e-5);
            }
        }
    }

    @Test
    void torchvisionsMobileNetV3EmbedsAsTorchAndItsDecompositionSumsToTheScore() {
        JsonNode want = EXPECTED.get("mobilenet_v3");
        try (EmbeddingModel m = EmbeddingModel.load(DIR.resolve("mobilenet_v3.onnx"), ModelOptions.auto());
                NDManager sub = m.manager().newSubManager()) {
            assertThat(m.config().gridSize()).isEqualTo(3);
            Trace t = m.trace(m.input(sub, inputs(false)));
            List<float[]> beta = rows(t.beta());
            for (int b = 0; b < beta.size(); b++) {
                float[] e = Fixtures.floats(want.get("embeddings").get(b));
                assertThat(1 - Vectors.cosine(beta.get(b), e)).as("1 - cosine, image %d", b).isLessThanOrEqualTo(1e-6);
            }
            Path dir = Fixtures.fixture("torchvision_resnet");
            PairExplanation none = explain(m, Mode.AUTO, List.of(dir.resolve("blob0_96.png"), dir.resolve("blob1_96.png")));
            assertThat(none.options().mode()).isEqualTo(Mode.NONE);
            assertThat(none.mapA().sum()).isCloseTo(none.score(), within(1e-5));
        }
    }

    @Test
    void anArcFaceStyleHeadWithoutAGlobalMeanEmbedsAsTorchAndItsDecompositionSumsToTheScore() {
        JsonNode want = EXPECTED.get("arcface_tiny");
        Path dir = Fixtures.fixture("torchvision_resnet");
        try (EmbeddingModel m = EmbeddingModel.load(DIR.resolve("arcface_tiny.onnx"), ModelOptions.auto());
                NDManager sub = m.manager().newSubManager()) {
            assertThat(m.config().gridSize()).isEqualTo(4);
            List<float[]> crops = new ArrayList<>();
            for (float[] x : inputs(false)) { // rows and columns 16..79 of the 96 x 96 blobs
                float[] c = new float[3 * 64 * 64];
                for (int k = 0; k < 3; k++) {
                    for (int y = 0; y < 64; y++) {
                        System.arraycopy(x, k * 96 * 96 + (y + 16) * 96 + 16, c, k * 64 * 64 + y * 64, 64);
                    }
                }
                crops.add(c);
            }
            Trace t = m.trace(m.input(sub, crops));
            List<float[]> beta = rows(t.beta());
            for (int b = 0; b < beta.size(); b++) {
                float[] e = Fixtures.floats(want.get("embeddings").get(b));
                assertThat(1 - Vectors.cosine(beta.get(b), e)).as("1 - cosine, image %d", b).isLessThanOrEqualTo(1e-6);
                assertThat(relativeError(t.alpha().get(b).mean(new int[] {0}).toFloatArray(), e)).isLessThanOrEqualTo(1e-5);
            }
            List<Path> pair = List.of(dir.resolve("blob0_96.png"), dir.resolve("blob1_96.png"));
            PairExplanation none = explain(m, Mode.NONE, pair);
            assertThat(none.mapA().sum()).isCloseTo(none.score(), within(1e-5));
            assertThat(none.mapB().sum()).isCloseTo(none.score(), within(1e-5));
            assertThat(explain(m, Mode.GRAD_INPUT, pair).mapA().values()).hasSize(16);
        }
    }

    @Test
    void aMeanPooledVitExplainsInEveryModeAndItsDecompositionsSumToTheScore() {
        List<Path> pair = List.of(Fixtures.fixture("blob0_32.png"), Fixtures.fixture("blob2_32.png"));
        try (EmbeddingModel m = EmbeddingModel.load(DIR.resolve("vit_meanpool.onnx"), ModelOptions.auto())) {
            for (Mode mode : Mode.values()) {
                PairExplanation e = explain(m, mode, pair);
                for (float v : e.mapA().values()) {
                    assertThat(Float.isFinite(v)).as("%s", mode).isTrue();
                }
                if (mode == Mode.AUTO) {
                    assertThat(e.options().mode()).isEqualTo(Mode.GRAD_ROLLOUT);
                }
                if (mode == Mode.NONE) { // (conservative rollout leaves a share on the class token the grid lacks)
                    assertThat(e.mapA().sum()).as("%s", mode).isCloseTo(e.score(), within(1e-5));
                    assertThat(e.mapB().sum()).as("%s", mode).isCloseTo(e.score(), within(1e-5));
                }
            }
        }
    }

    @Test
    void theResNetExplainsInEveryModeAsTheNativeTorchvisionResNetDoes() {
        Path dir = Fixtures.fixture("torchvision_resnet");
        List<Path> pair = List.of(dir.resolve("blob0_96.png"), dir.resolve("blob2_96.png"));
        try (EmbeddingModel onnx = EmbeddingModel.load(DIR.resolve("resnet_bottleneck.onnx"), ModelOptions.auto());
                EmbeddingModel nat = EmbeddingModel.load(dir.resolve("bottleneck.pth"),
                        ModelOptions.builder().optImageSize(96).build())) {
            for (Mode mode : List.of(Mode.AUTO, Mode.NONE, Mode.GRAD_INPUT, Mode.INTEGRATED_GRADIENTS)) {
                PairExplanation o = explainsAlike(onnx, nat, mode, pair);
                if (mode == Mode.NONE) {
                    assertThat(o.mapA().sum()).isCloseTo(o.score(), within(1e-5));
                    assertThat(o.mapB().sum()).isCloseTo(o.score(), within(1e-5));
                }
            }
        }
    }

    @Test
    void anUnknownOperationIsRefusedInOneLine() throws IOException {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(DIR.resolve("resnet_basic.onnx")));
        ModelProto.Builder edited = model.toBuilder();
        NodeProto relu = edited.getGraph().getNode(1);
        assertThat(relu.getOpType()).isEqualTo("Relu");
        edited.getGraphBuilder().setNode(1, relu.toBuilder().setOpType("Mish"));
        Path file = tmp.resolve("mish.onnx");
        Files.write(file, edited.build().toByteArray());
        assertThatThrownBy(() -> EmbeddingModel.load(file, ModelOptions.auto())).isInstanceOf(PairvizException.class)
                .hasMessageContaining("Mish").hasMessageContaining("not supported")
                .extracting(Throwable::getMessage).asString().doesNotContain("\n");
    }

    /** The ONNX model's explanation in {@code mode}, checked to be the native model's. */
    private static PairExplanation explainsAlike(EmbeddingModel onnx, EmbeddingModel nat, Mode mode, List<Path> pair) {
        PairExplanation o = explain(onnx, mode, pair);
        PairExplanation n = explain(nat, mode, pair);
        assertThat(o.options().mode()).isEqualTo(n.options().mode());
        assertThat(o.score()).isCloseTo(n.score(), within(1e-5));
        assertSame(o.mapA().values(), n.mapA().values(), mode + " A");
        assertSame(o.mapB().values(), n.mapB().values(), mode + " B");
        return o;
    }

    private static PairExplanation explain(EmbeddingModel model, Mode mode, List<Path> pair) {
        ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(model, RolloutSpec.DEFAULT),
                Preprocessing.authors(model.config().imageSize(), Normalization.IMAGENET, Map.of()), 8, 0);
        List<ImageFeatures> f = embedder.features(pair);
        return new PairExplainer(new ExplainOptions(mode, RolloutSpec.DEFAULT)).explain(f.get(0), f.get(1));
    }

    /**
     * Equal within 1e-4 of the largest cell (the gradient modes' float32 noise), 3e-4 for integrated
     * gradients, whose noise adds up over its steps.
     */
    private static void assertSame(float[] actual, float[] expected, String what) {
        double scale = 1e-6;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s cell %d", what, i).isCloseTo(expected[i],
                    within((what.startsWith("INTEGRATED") ? 3e-4 : 1e-4) * scale));
        }
    }

    /** The fixture's inputs: the ResNet's three blob PNGs ImageNet-normalised, the ViT's sine images. */
    private static List<float[]> inputs(boolean vit) {
        if (vit) {
            List<float[]> out = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                float[] x = new float[3 * 32 * 32];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) Math.sin(0.37 * (i + 1) + 1.3 * b);
                }
                out.add(x);
            }
            return out;
        }
        Path dir = Fixtures.fixture("torchvision_resnet");
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(imagenet(dir.resolve("blob" + i + "_96.png")));
        }
        return out;
    }

    /** (rgb / 255 - mean) / std, channel-major, as the fixture script computes it. */
    private static float[] imagenet(Path png) {
        try {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
            int s = img.getWidth();
            float[] x = new float[3 * s * s];
            float[] mean = {0.485f, 0.456f, 0.406f};
            float[] std = {0.229f, 0.224f, 0.225f};
            for (int y = 0; y < s; y++) {
                for (int c = 0; c < s; c++) {
                    int rgb = img.getRGB(c, y);
                    int[] v = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
                    for (int k = 0; k < 3; k++) {
                        x[k * s * s + y * s + c] = (v[k] / 255f - mean[k]) / std[k];
                    }
                }
            }
            return x;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static float[] flat(List<NDArray> layers) {
        List<float[]> parts = new ArrayList<>();
        int n = 0;
        for (NDArray a : layers) {
            float[] v = a.toFloatArray();
            parts.add(v);
            n += v.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static List<float[]> rows(NDArray m) {
        List<float[]> out = new ArrayList<>();
        for (int b = 0; b < m.getShape().get(0); b++) {
            out.add(m.get(b).toFloatArray());
        }
        return out;
    }

    private static double relativeError(float[] a, float[] e) {
        assertThat(a).hasSize(e.length);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - e[i]) * (double) (a[i] - e[i]);
            norm += e[i] * (double) e[i];
        }
        return Math.sqrt(diff / norm);
    }
}

package pairviz.model.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.image.Normalization;
import pairviz.image.Preprocess;
import pairviz.loading.EmbeddingModel;
import pairviz.model.Engines;
import pairviz.loading.ModelOptions;
import pairviz.model.Trace;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.Checkpoints;
import pairviz.testutil.Fixtures;
import pairviz.testutil.TorchScriptFixtures;

/**
 * Networks of other architectures exported to TorchScript by torch 1.13
 * (src/test/python/make_torchscript_fixtures.py) load in DJL's libtorch 2.7.1, show the
 * architecture their outputs imply, embed as torch embeds, and give the input gradient torch
 * autograd gives.
 */
class TorchScriptNetworkTest {
    static final TorchScriptFixtures NETS = TorchScriptFixtures.shared();
    static final EmbeddingModel cnn = NETS.cnn();
    static final EmbeddingModel vit = NETS.vit();
    static final JsonNode expected = NETS.expected();

    @Test
    void theArchitectureIsReadOffOneForwardPass() {
        assertThat(cnn.config()).isEqualTo(new TorchScriptConfig("script_cnn.pt", 32, 4, 12, false, 0, 0));
        assertThat(vit.config()).isEqualTo(new TorchScriptConfig("script_vit.pt", 32, 4, 10, true, 2, 2));
        assertThat(vit.config().prefixTokens()).isEqualTo(1);
        assertThat(vit.config().attentionTaps()).as("a script's attention maps are outputs").isFalse();
        assertThat(cnn.reading().family().id()).isEqualTo("torchscript");
        assertThat(cnn.reading().notes()).as("the size is recorded in pairviz.json").noneMatch(n -> n.contains("input size"));
        assertThat(cnn.reading().weights().names()).contains("stem.weight", "head.bias");
    }

    @Test
    void embeddingsAreTorchs() {
        for (String key : List.of("cnn", "vit")) {
            EmbeddingModel m = key.equals("cnn") ? cnn : vit;
            expected.get(key).get("embeddings").fields().forEachRemaining(e -> {
                float[] want = Fixtures.floats(e.getValue());
                float[] got = m.embeddings(List.of(input(e.getKey()))).get(0);
                assertThat(got).hasSize(want.length);
                for (int i = 0; i < want.length; i++) {
                    assertThat(got[i]).as("%s %s [%d]", key, e.getKey(), i).isCloseTo(want[i], within(1e-5f));
                }
            });
        }
    }

    @Test
    void aTraceHasTheGridTheClassTokenAndTheAttentionMaps() {
        try (NDManager sub = vit.manager().newSubManager()) {
            Trace t = vit.trace(vit.input(sub, List.of(input("blob0_32.png"), input("blob1_32.png"))));
            assertThat(t.beta().getShape().getShape()).containsExactly(2, 10);
            assertThat(t.alpha().getShape().getShape()).containsExactly(2, 16, 10);
            assertThat(t.classToken()).isTrue();
            assertThat(t.attentions()).hasSize(2);
            assertThat(t.attentions().get(1).getShape().getShape()).containsExactly(2, 2, 17, 17);
            // attention probabilities: every row sums to one
            float[] rows = t.attentions().get(0).sum(new int[] {3}).toFloatArray();
            for (float r : rows) {
                assertThat(r).isCloseTo(1f, within(1e-5f));
            }
        }
    }

    @Test
    void theInputGradientReachesThroughTheScriptAsTorchAutogradHasIt() {
        JsonNode pair = expected.get("cnn").get("pair");
        float[] want = Fixtures.floats(pair.get("input_gradient_a"));
        float[] partner = unit(cnn.embeddings(List.of(input(pair.get("b").asText()))).get(0));
        try (NDManager sub = cnn.manager().newSubManager()) {
            NDArray images = cnn.input(sub, List.of(input(pair.get("a").asText()))); // [1, 3, S, S]
            images.setRequiresGradient(true);
            try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                NDArray beta = cnn.trace(images).beta(); // [1, E]
                NDArray cos = beta.div(beta.norm()).mul(sub.create(partner).reshape(1, -1)).sum();
                gc.backward(cos);
            }
            float[] got = images.getGradient().toFloatArray();
            assertThat(got).hasSize(want.length);
            double scale = 0;
            for (float w : want) {
                scale = Math.max(scale, Math.abs(w));
            }
            assertThat(scale).as("a gradient that is not zero").isGreaterThan(1e-4);
            for (int i = 0; i < want.length; i++) {
                assertThat((double) got[i]).as("d cos / d pixel %d", i).isCloseTo(want[i], within(1e-4 * scale));
            }
        }
    }

    @Test
    void theParametersNeverRequireAGradient() {
        assertThat(cnn.network().getParameters().values()).allSatisfy(p -> assertThat(p.getArray().hasGradient()).isFalse());
    }

    @Test
    void theGivenSizeWinsAndAPoolingThatDisagreesIsRefused() {
        try (EmbeddingModel big = EmbeddingModel.load(Fixtures.fixture("script_cnn.pt"),
                ModelOptions.builder().optImageSize(64).build())) {
            assertThat(big.config().imageSize()).isEqualTo(64);
            assertThat(big.config().gridSize()).as("a CNN's grid grows with its input").isEqualTo(8);
        }
        BadParameterException e = assertThrows(BadParameterException.class, () -> EmbeddingModel.load(
                Fixtures.fixture("script_cnn.pt"), ModelOptions.builder().optPooling(VitConfig.Pooling.CLS).build()));
        assertThat(e.getMessage()).contains("pooling cls does not fit script_cnn.pt", "4 x 4 grid and no class token");
    }

    /** The products run inside libtorch's script: bf16 is refused in one line, never run as float32 (issue 20). */
    @Test
    void bf16IsRefusedNotRunAsFloat32() {
        BadParameterException e = assertThrows(BadParameterException.class, () -> EmbeddingModel.load(
                Fixtures.fixture("script_cnn.pt"), ModelOptions.builder().optPrecision(pairviz.model.Precision.BF16).build()));
        assertThat(e.getMessage()).startsWith("precision bf16 does not fit script_cnn.pt: a TorchScript network")
                .doesNotContain("\n");
        assertThat(e.parameters()).contains("precision");
        assertThrows(BadParameterException.class, () -> cnn.setPrecision(pairviz.model.Precision.BF16));
        assertThat(cnn.precision()).isEqualTo(pairviz.model.Precision.FP32);
    }

    @Test
    void aPresetOfAnotherKindIsRefused() {
        BadParameterException e = assertThrows(BadParameterException.class, () -> EmbeddingModel.load(
                Fixtures.fixture("script_vit.pt"), ModelOptions.builder().optModel("vit-b16").build()));
        assertThat(e.getMessage()).isEqualTo(
                "checkpoint script_vit.pt holds a TorchScript network, not the ViT that model vit-b16 asks for");
    }

    @Test
    void aNetworkThatBreaksTheContractIsRefusedInOneLine() {
        PairvizException e = assertThrows(PairvizException.class,
                () -> EmbeddingModel.load(Fixtures.fixture("script_flat.pt"), ModelOptions.auto()));
        assertThat(e.getMessage()).contains("script_flat.pt", "does not keep pairviz's contract", "[2, 4]", "docs/models.md")
                .doesNotContain("\n");
        // the transformer's position embeddings are for 32 x 32: at 64 its forward fails, and the message says what to give
        PairvizException tooSmall = assertThrows(PairvizException.class, () -> EmbeddingModel.load(
                Fixtures.fixture("script_vit.pt"), ModelOptions.builder().optImageSize(64).build()));
        assertThat(tooSmall.getMessage()).contains("its forward fails on a batch of 2 x 3 x 64 x 64 images",
                "Give it with size").doesNotContain("\n");
        assertThat(((BadParameterException) tooSmall).parameters()).containsExactly("size");
    }

    @Test
    void theStateDictReadersRecogniseAnArchiveAndSayWhatItIs() {
        Path archive = Fixtures.fixture("script_cnn.pt");
        assertThat(Checkpoints.probe(archive).isTorchScript()).isTrue();
        assertThat(Checkpoints.probe(Fixtures.fixture("vit_tiny.pth")).isTorchScript()).as("a torch.save zip").isFalse();
        assertThat(Checkpoints.probe(Fixtures.fixture("vit_tiny.safetensors")).isTorchScript()).isFalse();
        assertThrows(PairvizException.class, () -> Checkpoints.probe(Fixtures.fixture("no such file.pt")));
        PairvizException e = assertThrows(PairvizException.class, () -> Checkpoints.read(archive));
        assertThat(e.getMessage()).contains("is a TorchScript archive");
        assertThat(cnn.config()).as("a script comes whole with its weights").isNotInstanceOf(pairviz.model.Architecture.class);
        assertThat(assertThrows(PairvizException.class, () -> pairviz.model.Architecture.build(cnn.config())).getMessage())
                .contains("TorchScript network comes whole with its weights");
    }

    static float[] input(String image) {
        try {
            return Preprocess.networkInput(javax.imageio.ImageIO.read(Fixtures.fixture(image).toFile()), 32,
                    Normalization.IMAGENET);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(n));
        }
        return out;
    }
}

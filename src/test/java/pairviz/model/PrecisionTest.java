package pairviz.model;

import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pairviz.Pairviz;
import pairviz.PairvizException;
import pairviz.eval.MapAgreement;
import pairviz.explain.Mode;
import pairviz.explain.PairExplanation;
import pairviz.model.layers.Bf16Kernels;
import pairviz.testutil.Fixtures;

/**
 * bfloat16 kernels round their inputs to bfloat16 and nothing else, pass gradients, and keep
 * explanations close to float32's on the tiny fixture networks.
 */
class PrecisionTest {
    /** 1 + 2^-10 is a float32 but not a bfloat16 (8 significant bits): it rounds to 1. */
    private static final float OFF_GRID = 1f + 1f / 1024;

    @Test
    void parsesBothNamesAndRefusesOthers() {
        assertThat(Precision.parse("BF16")).isEqualTo(Precision.BF16);
        assertThat(Precision.parse("fp32")).isEqualTo(Precision.FP32);
        assertThatThrownBy(() -> Precision.parse("fp16")).isInstanceOf(PairvizException.class)
                .hasMessage("unknown precision 'fp16': use fp32 or bf16");
    }

    /** The loader applies the options' precision to every layer (issue 20: it was set beside loading, and forgotten). */
    @Test
    void theLoaderRunsTheOptionsPrecision() {
        ModelOptions bf16 = ModelOptions.builder().optHeads(4).optPrecision(Precision.BF16).build();
        try (EmbeddingModel m = EmbeddingModel.load(Fixtures.fixture("vit_tiny.safetensors"), bf16)) {
            assertThat(m.precision()).isEqualTo(Precision.BF16);
            assertThat(m.network().getChildren().values()).allSatisfy(
                    b -> assertThat(((Module) b).precision()).isEqualTo(Precision.BF16));
        }
        try (EmbeddingModel m = EmbeddingModel.load(Fixtures.fixture("vit_tiny.safetensors"), ModelOptions.auto().withHeads(4))) {
            assertThat(m.precision()).isEqualTo(Precision.FP32);
        }
    }

    @Test
    void modelOptionsSurviveJavaSerialisationWhole() throws Exception {
        ModelOptions o = ModelOptions.builder().optModel("vit-b16").optHeads(12).optPooling(pairviz.model.vit.VitConfig.Pooling.CLS)
                .optImageSize(224).optPrecision(Precision.BF16).optNorm("sop").optResize(pairviz.image.ResizePolicy.CENTER_CROP)
                .optCropFraction(0.875).optPixelRange(pairviz.image.PixelRange.BYTE).optBgr(true).build();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            ModelOptions back = (ModelOptions) in.readObject();
            assertThat(back).isEqualTo(o);
            assertThat(back.precision()).isEqualTo(Precision.BF16);
            assertThat(back.norm()).isEqualTo(pairviz.image.Normalization.SOP);
        }
        assertThat(o.toBuilder().build()).isEqualTo(o);
    }

    @Test
    void modelOptionsAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> ModelOptions.builder().optImageSize(8).build()).hasMessage("size must be between 16 and 4096, not 8");
        assertThatThrownBy(() -> ModelOptions.builder().optHeads(0).build()).hasMessage("heads must be at least 1, not 0");
        assertThatThrownBy(() -> ModelOptions.builder().optCropFraction(1.5).build()).hasMessageStartingWith("crop must be a fraction");
        assertThatThrownBy(() -> ModelOptions.builder().optNorm("cifar").build()).hasMessageStartingWith("norm: ");
        assertThatThrownBy(() -> ModelOptions.builder().optModel("vit-z").build()).hasMessageStartingWith("model 'vit-z' is neither");
    }

    @Test
    void kernelsRoundInputsToBfloat16AndReturnFloat32() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray x = m.create(new float[] {OFF_GRID, 2f}, new Shape(1, 2));
            NDArray w = m.create(new float[] {1f, 0f, 0f, 1f}, new Shape(2, 2));
            NDArray bias = m.create(new float[] {0.5f, 0f});
            // fp32 keeps 1 + 2^-10; bf16 rounds it to 1 before the product
            assertThat(Bf16Kernels.linear(x, w, bias).toFloatArray()).containsExactly(1.5f, 2f);
            assertThat(Bf16Kernels.linear(x, Bf16Kernels.cast(w, m), null).toFloatArray()).containsExactly(1f, 2f);
            assertThat(Bf16Kernels.matMul(x, w).toFloatArray()).containsExactly(1f, 2f);
            assertThat(x.matMul(w).toFloatArray()).containsExactly(OFF_GRID, 2f);
            NDArray img = m.create(new float[] {OFF_GRID, 3f, 1f, 1f}, new Shape(1, 1, 2, 2));
            NDArray k = m.create(new float[] {2f}, new Shape(1, 1, 1, 1));
            NDArray conv = Bf16Kernels.conv2d(img, k, m.create(new float[] {1f}), 1, 0, 1);
            assertThat(conv.toFloatArray()).containsExactly(3f, 7f, 3f, 3f);
            assertThat(conv.getDataType()).isEqualTo(ai.djl.ndarray.types.DataType.FLOAT32);
            // stride 2 and padding 1 reach the kernel: a 2x2 image padded to 4x4 gives 2x2 outputs, the first a zero
            assertThat(Bf16Kernels.conv2d(img, k, null, 2, 1, 1).getShape()).isEqualTo(new Shape(1, 1, 2, 2));
            // groups reach the kernel: two channels, each scaled by its own 1x1 filter (a ResNeXt's grouped 3x3)
            NDArray two = m.create(new float[] {1f, 2f, 3f, 4f}, new Shape(1, 2, 1, 2));
            NDArray perChannel = m.create(new float[] {2f, -1f}, new Shape(2, 1, 1, 1));
            assertThat(Bf16Kernels.conv2d(two, perChannel, null, 1, 0, 2).toFloatArray())
                    .containsExactly(2f, 4f, -3f, -4f);
        }
    }

    @Test
    void gradientsFlowToFloat32InputsAndMasterWeights() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray x = m.create(new float[] {1f, 2f, 3f}, new Shape(1, 3));
            NDArray w = m.create(new float[] {0.5f, -1f, 2f, 0.25f, 4f, -0.125f}, new Shape(2, 3));
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                gc.backward(Bf16Kernels.linear(x, w, null).sum());
            }
            // d sum(x w^T) / dx = column sums of w; / dw = x in every row (all exact in bfloat16)
            assertThat(x.getGradient().toFloatArray()).containsExactly(0.75f, 3f, 1.875f);
            assertThat(w.getGradient().toFloatArray()).containsExactly(1f, 2f, 3f, 1f, 2f, 3f);
        }
    }

    @Test
    void bf16ExplanationsStayCloseToFloat32OnTheTinyViT() {
        // measured: rho 1.000, 0.997, 0.997, 1.000; score 0.88043 -> 0.87963
        agreement(Fixtures.fixture("vit_tiny.safetensors"), ModelOptions.auto().withHeads(4), "32", Map.of(
                Mode.REFERENCE, 0.99, Mode.GRAD_ROLLOUT, 0.99, Mode.GRAD_INPUT, 0.99, Mode.INTEGRATED_GRADIENTS, 0.99));
    }

    @Test
    void bf16ExplanationsStayCloseToFloat32OnTheTinyResNet() {
        // measured: rho 0.999, 0.889, 0.929; score 0.92173 -> 0.92130. Gradients through bfloat16
        // convolutions of this random network agree less than its decomposition does.
        agreement(Fixtures.fixture("resnet_tiny.pth"), ModelOptions.builder().optImageSize(64).build(), "64", Map.of(
                Mode.REFERENCE, 0.99, Mode.GRAD_INPUT, 0.85, Mode.INTEGRATED_GRADIENTS, 0.9));
    }

    /** Score within 5e-3 (cosine similarity in [-1, 1]) and not identical; map cells rank-correlated at least as bounded. */
    private static void agreement(Path weights, ModelOptions options, String size, Map<Mode, Double> minRho) {
        Path a = Fixtures.fixture("blob0_" + size + ".png");
        Path b = Fixtures.fixture("blob1_" + size + ".png");
        for (Map.Entry<Mode, Double> bound : minRho.entrySet()) {
            Mode mode = bound.getKey();
            PairExplanation fp32 = explain(weights, options, mode, Precision.FP32, a, b);
            PairExplanation bf16 = explain(weights, options, mode, Precision.BF16, a, b);
            assertThat(bf16.score()).as(mode + " score").isCloseTo(fp32.score(), within(5e-3));
            assertThat(bf16.score()).as(mode + ": bf16 really ran").isNotEqualTo(fp32.score());
            MapAgreement agreement = MapAgreement.of(bf16, fp32);
            assertThat(agreement.scoreError()).isCloseTo(Math.abs(bf16.score() - fp32.score()), within(1e-12));
            assertThat(agreement.minRankCorrelation()).as(mode + " rank correlation of the maps")
                    .isGreaterThanOrEqualTo(bound.getValue());
        }
    }

    private static PairExplanation explain(Path weights, ModelOptions options, Mode mode, Precision p, Path a, Path b) {
        try (Pairviz pv = Pairviz.builder().setWeights(weights).optModelOptions(options).optMode(mode)
                .optPrecision(p).build()) {
            assertThat(pv.model().precision()).isEqualTo(p);
            return pv.explain(a, b);
        }
    }
}

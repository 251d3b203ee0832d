package pairviz.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.WeightLoader;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.model.weights.StateDict;
import pairviz.model.PositionEmbeddings;
import pairviz.model.weights.Tensor;

class InitialWeightsTest {

    @TempDir
    Path dir;

    /** A 2 x 2 grid of width 1 (values a b / c d) plus a class token 9. */
    private static Tensor grid2() {
        return new Tensor(new long[] {1, 5, 1}, new float[] {9, 1, 2, 3, 4});
    }

    @Test
    void upsamplesBilinearlyWithHalfPixelCentresAndClampedEdges() {
        // F.interpolate(2 -> 4, bilinear, align_corners=False): source coordinates -0.25, 0.25,
        // 0.75, 1.25 clamp to 0, 0.25, 0.75, 1, so a row [a, b] becomes [a, .75a+.25b, .25a+.75b, b]
        Tensor out = PositionEmbeddings.resample(grid2(), 1, 4, PositionEmbeddings.Resampling.BILINEAR);
        assertThat(out.shape()).containsExactly(1, 17, 1);
        float[] v = out.data();
        assertThat(v[0]).isEqualTo(9f); // class token kept
        float[] row0 = {1f, 1.25f, 1.75f, 2f};
        float[] row1 = {1.5f, 1.75f, 2.25f, 2.5f}; // .75 * row a + .25 * row c
        for (int x = 0; x < 4; x++) {
            assertThat(v[1 + x]).isCloseTo(row0[x], within(1e-6f));
            assertThat(v[1 + 4 + x]).isCloseTo(row1[x], within(1e-6f));
        }
        assertThat(v[16]).isEqualTo(4f); // bottom-right corner
    }

    @Test
    void sameGridIsUnchanged() {
        float[] data = new float[(1 + 9) * 2];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f;
        }
        Tensor pos = new Tensor(new long[] {1, 10, 2}, data);
        assertThat(PositionEmbeddings.resample(pos, 1, 3, PositionEmbeddings.Resampling.BILINEAR)).isEqualTo(pos);
    }

    @Test
    void refusesANonSquareGrid() {
        assertThatThrownBy(() -> PositionEmbeddings.resample(new Tensor(new long[] {1, 4, 1}, new float[4]), 1, 2, PositionEmbeddings.Resampling.BILINEAR))
                .isInstanceOf(PairvizException.class)
                .hasMessage("position embeddings [1, 4, 1] are not a class token plus a square grid");
    }

    @Test
    void initFromACheckpointOfAnotherImageSizeResizesThePositions() {
        VitConfig small = new VitConfig(16, 8, 16, 1, 1, 16, 8, VitConfig.Pooling.MEAN); // 2 x 2 grid
        VitConfig large = new VitConfig(32, 8, 16, 1, 1, 16, 8, VitConfig.Pooling.MEAN); // 4 x 4 grid
        StateDict w = WeightLoader.randomWeights(small.newNetwork(), 5);
        Path file = dir.resolve("small.safetensors");
        SafetensorsWriter.write(file, w, Map.of());
        StateDict init = InitialWeights.of(large.newNetwork(), file, 0);
        assertThat(init.get(InitialWeights.POSITIONS).shape()).containsExactly(1, 17, 16);
        assertThat(init.get(InitialWeights.POSITIONS))
                .isEqualTo(PositionEmbeddings.resample(w.get(InitialWeights.POSITIONS), 1, 4, PositionEmbeddings.Resampling.BILINEAR));
        assertThat(init.get("head.weight")).isEqualTo(w.get("head.weight"));
        assertThat(InitialWeights.of(large.newNetwork(), null, 5))
                .isEqualTo(WeightLoader.randomWeights(large.newNetwork(), 5));
    }

    @Test
    void shrinkingAPatchKernelSumsItsBlocks() {
        float[] k = new float[16]; // [1, 1, 4, 4]: k[y][x] = 10 y + x
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                k[y * 4 + x] = 10 * y + x;
            }
        }
        Tensor small = InitialWeights.shrinkPatchKernel(new Tensor(new long[] {1, 1, 4, 4}, k), 2, "w");
        assertThat(small.shape()).containsExactly(1, 1, 2, 2);
        // top-left block 0 + 1 + 10 + 11; top-right 2 + 3 + 12 + 13; ...
        assertThat(small.data()).containsExactly(22, 30, 102, 110);
        assertThatThrownBy(() -> InitialWeights.shrinkPatchKernel(new Tensor(new long[] {1, 1, 4, 4}, k), 3, "w.pth"))
                .isInstanceOf(PairvizException.class)
                .hasMessage("checkpoint w.pth: its patch kernel [1, 1, 4, 4] cannot be shrunk to patches of 3 "
                        + "(only to a whole fraction of its size)");
    }

    @Test
    void aViTStartedOnHalfPatchesEmbedsAnImageAsTheOldOneEmbedsItEnlargedTwice() {
        // same 4 x 4 grid: the old network reads 32 x 32 in patches of 8, the new one 16 x 16 in patches of 4
        VitConfig old = new VitConfig(32, 8, 16, 2, 2, 32, 8, VitConfig.Pooling.MEAN);
        VitConfig half = new VitConfig(16, 4, 16, 2, 2, 32, 8, VitConfig.Pooling.MEAN);
        StateDict w = WeightLoader.randomWeights(old.newNetwork(), 7);
        Path file = dir.resolve("old.safetensors");
        SafetensorsWriter.write(file, w, Map.of());
        StateDict init = InitialWeights.of(half.newNetwork(), file, 0);
        assertThat(init.get(InitialWeights.PATCH_KERNEL).shape()).containsExactly(16, 3, 4, 4);

        float[] image = new float[3 * 16 * 16];
        java.util.Random rng = new java.util.Random(3);
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) rng.nextGaussian();
        }
        float[] enlarged = new float[3 * 32 * 32]; // nearest neighbour, twice
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    enlarged[(c * 32 + y) * 32 + x] = image[(c * 16 + y / 2) * 16 + x / 2];
                }
            }
        }
        try (NDManager manager = NDManager.newBaseManager();
                EmbeddingModel a = EmbeddingModel.fromWeights(old, w, "old");
                EmbeddingModel b = EmbeddingModel.fromWeights(half, init, "half")) {
            float[] ea = a.trace(manager.create(enlarged, new Shape(1, 3, 32, 32))).beta().toFloatArray();
            float[] eb = b.trace(manager.create(image, new Shape(1, 3, 16, 16))).beta().toFloatArray();
            assertThat(eb).containsExactly(ea, org.assertj.core.data.Offset.offset(1e-4f));
        }
    }

    @Test
    void aResNetFromScratchHasHeNormalConvolutionsAndASmallHead() {
        var network = pairviz.loading.Preset.RESNET_TINY.config().newNetwork();
        StateDict w = InitialWeights.fromScratch(network, 5);
        Tensor root = w.get("root.conv.weight"); // [8, 3, 7, 7]: fan-in 147
        assertThat(std(root.data())).isCloseTo(Math.sqrt(2.0 / 147), org.assertj.core.data.Percentage.withPercentage(10));
        Tensor head = w.get("head.conv.weight");
        assertThat(std(head.data())).isCloseTo(0.01, org.assertj.core.data.Percentage.withPercentage(10));
        // a ViT keeps timm's std 0.02
        StateDict vit = InitialWeights.fromScratch(pairviz.loading.Preset.VIT_TINY.config().newNetwork(), 5);
        assertThat(vit).isEqualTo(pairviz.loading.WeightLoader.randomWeights(pairviz.loading.Preset.VIT_TINY.config().newNetwork(), 5));
    }

    private static double std(float[] v) {
        double sum = 0;
        double sq = 0;
        for (float x : v) {
            sum += x;
            sq += (double) x * x;
        }
        double mean = sum / v.length;
        return Math.sqrt(sq / v.length - mean * mean);
    }
}

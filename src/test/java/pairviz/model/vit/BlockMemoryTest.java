package pairviz.model.vit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import pairviz.loading.EmbeddingModel;
import pairviz.model.AttentionTap;
import pairviz.model.Trace;

/**
 * A pass without a tap frees each block's intermediate arrays when the block is done (the pass
 * reuses a block's worth of memory): a block more keeps one array more, its attention map. A
 * tapped pass keeps every step's arrays. Both compute the same trace.
 */
class BlockMemoryTest {
    /** Arrays left in the pass's manager after a plain and a tapped pass: [plain, tapped]. */
    private static int[] kept(int depth) {
        VitConfig config = new VitConfig(32, 8, 32, depth, 2, 64, 32, VitConfig.Pooling.MEAN);
        try (EmbeddingModel m = EmbeddingModel.random(config, 1);
                NDManager plain = m.manager().newSubManager(); NDManager tapped = m.manager().newSubManager()) {
            float[] pixels = new float[2 * 3 * 32 * 32];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) Math.sin(i);
            }
            Shape shape = new Shape(2, 3, 32, 32);
            Trace a = m.network().trace(new ParameterStore(plain, false), plain.create(pixels, shape), false, AttentionTap.NONE);
            Trace b = m.network().trace(new ParameterStore(tapped, false), tapped.create(pixels, shape), false, (l, p) -> p);
            assertThat(a.beta().toFloatArray()).containsExactly(b.beta().toFloatArray());
            for (int l = 0; l < depth; l++) {
                assertThat(a.attentions().get(l).toFloatArray()).containsExactly(b.attentions().get(l).toFloatArray());
            }
            return new int[] {plain.getManagedArrays().size(), tapped.getManagedArrays().size()};
        }
    }

    @Test
    void aPlainPassKeepsOneArrayABlockATappedPassEveryStep() {
        int[] two = kept(2);
        int[] four = kept(4);
        assertThat(four[0] - two[0]).isEqualTo(2); // two blocks more: their two attention maps
        assertThat(four[1] - two[1]).isGreaterThan(2 * 10); // every step of the two blocks
    }
}

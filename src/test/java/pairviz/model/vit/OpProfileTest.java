package pairviz.model.vit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.OpProfile;
import pairviz.model.OpProfile.Entry;
import pairviz.model.OpProfile.Op;
import pairviz.testutil.Fixtures;

/** bench --profile: every step of a ViT's forward pass counted once under its kind, with its products' FLOPs; off, nothing. */
class OpProfileTest {
    @Test
    void countsEveryStepOfAForwardPassOnceAndChangesNothing() {
        try (EmbeddingModel m = EmbeddingModel.load(Fixtures.fixture("vit_tiny.safetensors"), ModelOptions.auto().withHeads(4));
                NDManager sub = m.manager().newSubManager()) {
            VitConfig c = (VitConfig) m.config();
            int b = 2;
            NDArray images = sub.randomNormal(new Shape(b, 3, c.imageSize(), c.imageSize()));
            float[] plain = m.trace(images).beta().toFloatArray();
            assertThat(OpProfile.begin()).as("no profile running").isZero();

            OpProfile p = OpProfile.start();
            float[] profiled;
            try {
                profiled = m.trace(images).beta().toFloatArray();
            } finally {
                p.stop();
            }
            m.trace(images); // after stop: not counted
            assertThat(profiled).as("profiling changes no value").containsExactly(plain);

            Map<Op, Entry> e = p.entries();
            int depth = c.depth();
            double t = c.patches() + c.prefixTokens();
            double d = c.width();
            assertThat(e.get(Op.PATCH_EMBEDDING).calls()).isEqualTo(1);
            assertThat(e.get(Op.QKV).calls()).isEqualTo(depth);
            assertThat(e.get(Op.ATTENTION).calls()).isEqualTo(2L * depth);
            assertThat(e.get(Op.SOFTMAX).calls()).isEqualTo(depth);
            assertThat(e.get(Op.GELU).calls()).isEqualTo(depth);
            assertThat(e.get(Op.MLP).calls()).isEqualTo(2L * depth);
            assertThat(e.get(Op.PROJECTION).calls()).isEqualTo(depth);
            assertThat(e.get(Op.LAYER_NORM).calls()).isEqualTo(2L * depth + 1); // two a block and the encoder's
            assertThat(e.get(Op.HEAD).calls()).isEqualTo(1);
            assertThat(e.get(Op.QKV).flops()).isEqualTo(depth * 2.0 * b * t * d * 3 * d);
            assertThat(e.get(Op.MLP).flops()).isEqualTo(depth * 2 * 2.0 * b * t * d * c.mlpDim());
            assertThat(e.get(Op.ATTENTION).flops()).isEqualTo(depth * 2 * 2.0 * b * t * t * d);
            assertThat(e.get(Op.SOFTMAX).flops()).isZero();
            assertThat(e.values()).allSatisfy(x -> assertThat(x.nanos()).isGreaterThanOrEqualTo(0));
        }
    }
}

package pairviz.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import pairviz.PairvizException;

class ArcFaceLossTest {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private ArcFaceLoss loss(int classes, int dims, double scale, double[] weights) {
        ArcFaceLoss loss = new ArcFaceLoss(manager, classes, dims, scale, 0.5, DataType.FLOAT64);
        loss.parameter().getArray().set(weights);
        return loss;
    }

    @Test
    void twoClassesScale64ByHand() {
        // W [E=2, C=2] = [[2, 0], [0, 3]]: unit columns w0 = (1, 0), w1 = (0, 1).
        ArcFaceLoss loss = loss(2, 2, 64, new double[] {2, 0, 0, 3});
        NDArray x = manager.create(new double[] {3, 4, 0, -2}, new Shape(2, 2));
        NDArray y = manager.create(new long[] {0, 1});
        // x0 = (3, 4) -> (0.6, 0.8), label 0: cos = [0.6, 0.8], theta = acos(0.6), theta + 0.5 < pi - 0.5
        //   cos(theta + m) = 0.6 cos 0.5 - 0.8 sin 0.5 = 0.6 * 0.8775825619 - 0.8 * 0.4794255386
        //                  = 0.1430091063
        //   logits = 64 * [0.1430091063, 0.8] = [9.152582800, 51.2]
        //   CE = log(e^9.1525828 + e^51.2) - 9.1525828 = 42.0474172 + log(1 + e^-42.05) = 42.047417200
        // x1 = (0, -2) -> (0, -1), label 1: cos = [0, -1], clamped to -1 + 1e-7,
        //   theta = acos(-0.9999999) = 3.1411454 > pi - 0.5 = 2.6415927: fallback
        //   cos(theta) - m sin m = -0.9999999 - 0.5 * 0.4794255386 = -1.2397126693
        //   logits = [0, -79.341610835], CE = log(1 + e^-79.34) + 79.341610835 = 79.341610835
        // mean = (42.047417200 + 79.341610835) / 2 = 60.694514018
        assertThat(loss.evaluate(x, y).getDouble()).isCloseTo(60.694514018, within(1e-8));
    }

    @Test
    void threeClassesScale2ByHand() {
        // W [2, 3] = [[2, 0, -0.5], [0, 3, 0]]: unit columns (1, 0), (0, 1), (-1, 0).
        ArcFaceLoss loss = loss(3, 2, 2, new double[] {2, 0, -0.5, 0, 3, 0});
        NDArray x = manager.create(new double[] {1, 1, 0, -3}, new Shape(2, 2));
        NDArray y = manager.create(new long[] {1, 0});
        // x0 = (1, 1)/sqrt2, label 1: cos = [0.7071068, 0.7071068, -0.7071068], theta = pi/4
        //   cos(pi/4 + 0.5) = (cos 0.5 - sin 0.5)/sqrt2 = (0.8775826 - 0.4794255)/1.4142136 = 0.2815395311
        //   logits = 2 * [0.7071068, 0.2815395, -0.7071068] = [1.4142136, 0.5630791, -1.4142136]
        //   exp: 4.1132504 + 1.7560712 + 0.2431167 = 6.1124383, log = 1.8103258, CE = 1.8103258 - 0.5630791
        //      = 1.2472467066
        // x1 = (0, -1), label 0: cos = [0, -1, 0], theta = pi/2, cos(pi/2 + 0.5) = -sin 0.5 = -0.4794255386
        //   logits = [-0.9588511, -2, 0], exp: 0.3833331 + 0.1353353 + 1 = 1.5186683, log = 0.4178339,
        //   CE = 0.4178339 + 0.9588511 = 1.3766849336
        // mean = (1.2472467066 + 1.3766849336) / 2 = 1.3119658201
        assertThat(loss.evaluate(x, y).getDouble()).isCloseTo(1.3119658201, within(1e-9));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random random = new Random(7);
        for (double scale : new double[] {64, 4}) {
            ArcFaceLoss loss = loss(4, 3, scale, gaussian(random, 12));
            double[] xs = gaussian(random, 18);
            // make embedding 0 point away from its class weight (column 1) so the fallback branch is used
            double[] w = loss.parameter().getArray().toDoubleArray();
            for (int e = 0; e < 3; e++) {
                xs[e] = -w[e * 4 + 1] + 0.05 * xs[e];
            }
            NDArray x = manager.create(xs, new Shape(6, 3));
            NDArray y = manager.create(new long[] {1, 0, 1, 3, 0, 3});
            NDArray col1 = loss.parameter().getArray().get(":, 1");
            double cos0 = x.get(0).dot(col1).getDouble() / x.get(0).norm().getDouble() / col1.norm().getDouble();
            assertThat(cos0).as("embedding 0 is in the fallback region").isLessThan(Math.cos(Math.PI - 0.5));
            GradientCheck.check(loss, x, y, 1e-5);
        }
    }

    @Test
    void weightsAreEmbeddingByClassStandardNormalAndTrainable() {
        Engine.getInstance().setRandomSeed(3);
        ArcFaceLoss loss = new ArcFaceLoss(manager, 50, 40);
        NDArray w = loss.parameter().getArray();
        assertThat(w.getShape()).isEqualTo(new Shape(40, 50));
        assertThat(w.getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat(w.mean().getFloat()).isCloseTo(0f, within(0.05f));
        assertThat(w.sub(w.mean()).square().mean().sqrt().getFloat()).isCloseTo(1f, within(0.05f));
        assertThat(loss.scale()).isEqualTo(64);
        assertThat(loss.margin()).isEqualTo(0.5);
        assertThat(loss.parameters()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("arcface.W");
            assertThat(p.parameter()).isSameAs(loss.parameter());
            assertThat(p.lrMultiplier()).isEqualTo(1.0);
        });
        assertThat(w.hasGradient()).isTrue();
    }

    @Test
    void worksAsDjlLossAndWithFloat32Embeddings() {
        ArcFaceLoss loss = loss(2, 2, 64, new double[] {2, 0, 0, 3});
        NDArray x = manager.create(new float[] {3, 4, 0, -2}, new Shape(2, 2));
        NDArray y = manager.create(new long[] {0, 1});
        NDArray direct = loss.evaluate(x, y);
        assertThat(direct.getDataType()).isEqualTo(DataType.FLOAT32); // float64 weights cast to the input's dtype
        assertThat(direct.getFloat()).isCloseTo(60.694514f, within(1e-4f));
        assertThat(loss.evaluate(new NDList(y), new NDList(x)).getFloat()).isEqualTo(direct.getFloat());
    }

    @Test
    void rejectsMismatchedInputs() {
        ArcFaceLoss loss = new ArcFaceLoss(manager, 3, 2);
        NDArray x = manager.zeros(new Shape(2, 2));
        assertThatThrownBy(() -> loss.evaluate(manager.zeros(new Shape(2, 5)), manager.create(new long[] {0, 1})))
                .isInstanceOf(PairvizException.class)
                .hasMessage("arcface: embeddings must be [B, 2] with B >= 1, got (2, 5)");
        assertThatThrownBy(() -> loss.evaluate(x, manager.create(new long[] {0, 1, 2})))
                .isInstanceOf(PairvizException.class)
                .hasMessage("arcface: labels must be [2] to match the embeddings, got (3)");
        assertThatThrownBy(() -> loss.evaluate(x, manager.create(new long[] {0, 3})))
                .isInstanceOf(PairvizException.class)
                .hasMessage("arcface: label 3 is outside [0, 3)");
        assertThatThrownBy(() -> loss.evaluate(x, manager.create(new float[] {0, 1})))
                .isInstanceOf(PairvizException.class)
                .hasMessage("arcface: labels must be integers, got float32");
        assertThatThrownBy(() -> new ArcFaceLoss(manager, 3, 2, 64, 4, DataType.FLOAT32))
                .isInstanceOf(PairvizException.class)
                .hasMessage("arcface: scale must be positive and margin in [0, pi), got 64.0 and 4.0");
    }

    static double[] gaussian(Random random, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = random.nextGaussian();
        }
        return out;
    }
}

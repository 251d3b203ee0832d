package pairviz.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;

/**
 * Compares autograd gradients of a {@link MetricLoss} (through DJL's {@link GradientCollector})
 * with central finite differences, w.r.t. the embeddings and the loss's own parameter. Use float64
 * inputs and a float64 loss.
 */
final class GradientCheck {

    private static final double H = 1e-6;

    private GradientCheck() {}

    static void check(MetricLoss loss, NDArray embeddings, NDArray labels, double relTolerance) {
        NDManager manager = embeddings.getManager();
        NDArray param = loss.parameter().getArray();
        // autograd
        NDArray x = embeddings.duplicate();
        x.setRequiresGradient(true);
        // (before any backward, DJL reports a float32 zero gradient)
        double[] paramBefore = param.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(loss.evaluate(x, labels));
        }
        double[] autoX = x.getGradient().toDoubleArray();
        double[] autoP = param.getGradient().toDoubleArray();
        for (int i = 0; i < autoP.length; i++) {
            autoP[i] -= paramBefore[i]; // PyTorch accumulates gradients
        }
        // the check must not pass vacuously
        assertThat(maxAbs(autoX)).as("largest embedding gradient").isGreaterThan(1e-4);
        assertThat(maxAbs(autoP)).as("largest parameter gradient").isGreaterThan(1e-4);
        // finite differences w.r.t. the embeddings
        double[] xs = embeddings.toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            double keep = xs[i];
            xs[i] = keep + H;
            double up = value(loss, manager.create(xs, embeddings.getShape()), labels);
            xs[i] = keep - H;
            double down = value(loss, manager.create(xs, embeddings.getShape()), labels);
            xs[i] = keep;
            assertClose("d loss / d embeddings[" + i + "]", autoX[i], (up - down) / (2 * H), relTolerance);
        }
        // finite differences w.r.t. the parameter (changed in place, then restored)
        double[] ps = param.toDoubleArray();
        for (int i = 0; i < ps.length; i++) {
            double keep = ps[i];
            ps[i] = keep + H;
            param.set(ps);
            double up = value(loss, embeddings, labels);
            ps[i] = keep - H;
            param.set(ps);
            double down = value(loss, embeddings, labels);
            ps[i] = keep;
            param.set(ps);
            assertClose("d loss / d " + loss.parameter().getName() + "[" + i + "]", autoP[i],
                    (up - down) / (2 * H), relTolerance);
        }
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double value(MetricLoss loss, NDArray embeddings, NDArray labels) {
        try (NDArray v = loss.evaluate(embeddings, labels)) {
            return v.getDouble();
        }
    }

    private static void assertClose(String what, double auto, double numeric, double relTolerance) {
        assertThat(Math.abs(auto - numeric))
                .as("%s: autograd %s vs finite difference %s", what, auto, numeric)
                .isLessThanOrEqualTo(relTolerance * Math.max(1e-3, Math.abs(numeric)));
    }
}

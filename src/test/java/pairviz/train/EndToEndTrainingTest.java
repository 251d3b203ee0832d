package pairviz.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;

import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A linear embedding layer on four Gaussian clusters in 2-D, trained with each loss, {@link
 * PyTorchSgd} and {@link OneCycleLR}: the loss must fall and every point must end up nearest to
 * its own class weight / proxy.
 */
class EndToEndTrainingTest {

    private static final int CLASSES = 4;
    private static final int PER_CLASS = 64;
    private static final int DIM_IN = 2;
    private static final int DIM_OUT = 3;
    private static final int STEPS = 300;
    private static final int BATCH = 32;

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** Cluster k centred at (1, 1) + 1.5 (cos, sin)(k pi / 2 + 0.3), noise sd 0.2. */
    private record Data(float[] points, long[] labels) {}

    private static Data data(Random random) {
        float[] points = new float[CLASSES * PER_CLASS * DIM_IN];
        long[] labels = new long[CLASSES * PER_CLASS];
        for (int i = 0; i < labels.length; i++) {
            int k = i % CLASSES;
            labels[i] = k;
            double angle = k * Math.PI / 2 + 0.3;
            points[2 * i] = (float) (1 + 1.5 * Math.cos(angle) + 0.2 * random.nextGaussian());
            points[2 * i + 1] = (float) (1 + 1.5 * Math.sin(angle) + 0.2 * random.nextGaussian());
        }
        return new Data(points, labels);
    }

    private record Result(double lossBefore, double lossAfter, double accuracyBefore, double accuracyAfter) {}

    private Result train(Function<NDManager, MetricLoss> lossFactory, double maxLr) {
        Engine.getInstance().setRandomSeed(1);
        Random random = new Random(2);
        Data data = data(random);
        NDArray allX = manager.create(data.points, new Shape(data.labels.length, DIM_IN));
        NDArray allY = manager.create(data.labels);
        MetricLoss loss = lossFactory.apply(manager);
        Parameter weight = parameter("fc.weight", manager.randomNormal(new Shape(DIM_OUT, DIM_IN)).mul(0.5));
        Parameter bias = parameter("fc.bias", manager.zeros(new Shape(DIM_OUT)));
        Function<NDArray, NDArray> embed = x -> x.matMul(weight.getArray().transpose()).add(bias.getArray());

        PyTorchSgd sgd =
                PyTorchSgd.builder().setSchedule(OneCycleLR.of(maxLr, STEPS)).optWeightDecays(1e-4f).build();
        sgd.add("fc.weight", weight);
        sgd.add("fc.bias", bias);
        loss.parameters().forEach(sgd::add);

        double lossBefore = loss.evaluate(embed.apply(allX), allY).getFloat();
        double accuracyBefore = nearestClassAccuracy(loss, embed.apply(allX), data.labels);
        int managed = manager.getManagedArrays().size();
        for (int step = 0; step < STEPS; step++) {
            // the scope closes what the step creates on long-lived managers (e.g. the transposed weight)
            try (NDScope scope = new NDScope(); NDManager batchManager = manager.newSubManager()) {
                int[] rows = random.ints(BATCH, 0, data.labels.length).toArray();
                NDArray x = batchManager.create(rows(data.points, rows), new Shape(BATCH, DIM_IN));
                long[] y = new long[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    y[i] = data.labels[rows[i]];
                }
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray value = loss.evaluate(embed.apply(x), batchManager.create(y));
                    gc.backward(value);
                }
                sgd.step();
            }
            if (step == 0) {
                managed = manager.getManagedArrays().size(); // momentum buffers now exist
            }
        }
        assertThat(manager.getManagedArrays()).as("arrays left on the long-lived manager").hasSize(managed);
        double lossAfter = loss.evaluate(embed.apply(allX), allY).getFloat();
        double accuracyAfter = nearestClassAccuracy(loss, embed.apply(allX), data.labels);
        return new Result(lossBefore, lossAfter, accuracyBefore, accuracyAfter);
    }

    private Parameter parameter(String name, NDArray values) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(values).build();
        p.initialize(manager, values.getDataType());
        return p;
    }

    private static float[] rows(float[] points, int[] rows) {
        float[] out = new float[rows.length * DIM_IN];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(points, rows[i] * DIM_IN, out, i * DIM_IN, DIM_IN);
        }
        return out;
    }

    /** Fraction of points whose most similar class weight / proxy (cosine) is their own class. */
    private static double nearestClassAccuracy(MetricLoss loss, NDArray embeddings, long[] labels) {
        NDArray classes = loss.parameter().getArray();
        if (loss instanceof ArcFaceLoss) {
            classes = classes.transpose(); // [E, C] -> [C, E]
        }
        NDArray cos = embeddings.normalize(2, 1).matMul(classes.normalize(2, 1).transpose()); // [N, C]
        long[] predicted = cos.argMax(1).toLongArray();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return correct / (double) labels.length;
    }

    @Test
    void arcFaceSeparatesTheClusters() {
        long start = System.nanoTime();
        Result r = train(m -> new ArcFaceLoss(m, CLASSES, DIM_OUT), 0.01);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("arcface: %s in %.2f s%n", r, seconds);
        assertThat(r.accuracyBefore).isLessThan(0.9);
        assertThat(r.accuracyAfter).isEqualTo(1.0);
        assertThat(r.lossAfter).isLessThan(0.25 * r.lossBefore);
    }

    @Test
    void proxyAnchorSeparatesTheClusters() {
        long start = System.nanoTime();
        Result r = train(m -> new ProxyAnchorLoss(m, CLASSES, DIM_OUT), 0.01);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("proxy anchor: %s in %.2f s%n", r, seconds);
        assertThat(r.accuracyBefore).isLessThan(0.9);
        assertThat(r.accuracyAfter).isEqualTo(1.0);
        assertThat(r.lossAfter).isLessThan(0.25 * r.lossBefore);
    }
}

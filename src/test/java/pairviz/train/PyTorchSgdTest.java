package pairviz.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PyTorchSgdTest {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** lr 0.1, 0.05, 0.2 and momentum 0.9, 0.8, 0.5 at steps 0, 1, 2. */
    static final Schedule THREE_STEPS =
            new Schedule() {
                @Override
                public double lr(int step) {
                    return new double[] {0.1, 0.05, 0.2}[step];
                }

                @Override
                public double momentum(int step) {
                    return new double[] {0.9, 0.8, 0.5}[step];
                }
            };

    private Parameter parameter(String name, NDArray values) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(values).build();
        p.initialize(manager, values.getDataType()); // attaches the gradient
        return p;
    }

    /** Runs backward of {@code loss(params)} so that every parameter has a fresh gradient. */
    private static void backward(Function<NDArray[], NDArray> loss, Parameter... params) {
        NDArray[] arrays = new NDArray[params.length];
        for (int i = 0; i < params.length; i++) {
            arrays[i] = params[i].getArray();
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(loss.apply(arrays));
        }
    }

    @Test
    void threeStepsWithChangingLearningRateMatchHandUnrolledPyTorchFormula() {
        Parameter w = parameter("w", manager.create(new double[] {2.0, -4.0}, new Shape(1, 2)));
        Parameter b = parameter("b", manager.create(new double[] {1.0, -1.0}));
        NDArray c = manager.create(new double[] {0.5, -1.0});
        PyTorchSgd sgd =
                PyTorchSgd.builder().setSchedule(THREE_STEPS).optWeightDecays(0.25f).optDampening(0.25).build();
        sgd.add("w", w);
        sgd.add(new TrainableParameter("b", b, 3.0));
        assertThat(sgd.isDecayed("w")).isTrue();
        assertThat(sgd.isDecayed("b")).isFalse();
        for (int t = 0; t < 3; t++) {
            // loss = sum(w^2) / 2 + sum(c * b): gradient w for w, c for b
            backward(p -> p[0].square().sum().div(2).add(p[1].mul(c).sum()), w, b);
            sgd.step();
        }
        // w element 2.0 (gradient = w, decay 0.25 -> d = 1.25 w, dampening 0.25 after the first step):
        //  t=0: d = 2.5, buf = 2.5, w = 2 - 0.1 * 2.5 = 1.75
        //  t=1: d = 1.25 * 1.75 = 2.1875, buf = 0.8 * 2.5 + 0.75 * 2.1875 = 3.640625,
        //       w = 1.75 - 0.05 * 3.640625 = 1.56796875
        //  t=2: d = 1.25 * 1.56796875 = 1.9599609375, buf = 0.5 * 3.640625 + 0.75 * 1.9599609375
        //       = 3.290283203125, w = 1.56796875 - 0.2 * 3.290283203125 = 0.909912109375
        // the element -4.0 follows the same linear recursion scaled by -2: -1.81982421875.
        assertThat(w.getArray().toDoubleArray()).containsExactly(new double[] {0.909912109375, -1.81982421875},
                within(1e-12));
        // b element 1.0 (gradient 0.5, no decay, lr x3 = 0.3, 0.15, 0.6):
        //  t=0: buf = 0.5, b = 1 - 0.3 * 0.5 = 0.85
        //  t=1: buf = 0.8 * 0.5 + 0.75 * 0.5 = 0.775, b = 0.85 - 0.15 * 0.775 = 0.73375
        //  t=2: buf = 0.5 * 0.775 + 0.75 * 0.5 = 0.7625, b = 0.73375 - 0.6 * 0.7625 = 0.27625
        // element -1.0 has gradient -1.0 = -2 * 0.5: moves by -2 * (0.27625 - 1) = +1.4475 -> 0.4475.
        // (With decay 0.25 on b the first step alone would give 1 - 0.3 * 0.75 = 0.775 instead of 0.85.)
        assertThat(b.getArray().toDoubleArray()).containsExactly(new double[] {0.27625, 0.4475}, within(1e-12));
        assertThat(sgd.steps()).isEqualTo(3);
    }

    @Test
    void nesterovThreeSteps() {
        Parameter p = parameter("p", manager.create(new double[] {0.0}));
        PyTorchSgd sgd = PyTorchSgd.builder().setSchedule(THREE_STEPS).optNesterov(true).build();
        sgd.add("p", p);
        for (int t = 0; t < 3; t++) {
            backward(a -> a[0].sum(), p); // gradient 1
            sgd.step();
        }
        // t=0: buf = 1,                 d = 1 + 0.9 * 1   = 1.9,  p -= 0.1 * 1.9  = 0.19
        // t=1: buf = 0.8 * 1 + 1 = 1.8, d = 1 + 0.8 * 1.8 = 2.44, p -= 0.05 * 2.44 = 0.122
        // t=2: buf = 0.5 * 1.8 + 1 = 1.9, d = 1 + 0.5 * 1.9 = 1.95, p -= 0.2 * 1.95 = 0.39
        assertThat(p.getArray().getDouble(0)).isCloseTo(-(0.19 + 0.122 + 0.39), within(1e-12));
    }

    @Test
    void normsAndBiasesAreNotDecayed() {
        Parameter weight = parameter("fc.weight", manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2)));
        Parameter bias = parameter("fc.bias", manager.create(new float[] {1, 2}));
        Parameter scale = parameter("norm.weight", manager.create(new float[] {5, 6}));
        PyTorchSgd sgd =
                PyTorchSgd.builder().setSchedule(Schedule.constant(0.1, 0)).optWeightDecays(0.5f).build();
        sgd.add("fc.weight", weight);
        sgd.add("fc.bias", bias);
        sgd.add("norm.weight", scale);
        backward(a -> a[0].mul(0).sum().add(a[1].mul(0).sum()).add(a[2].mul(0).sum()), weight, bias, scale);
        sgd.step();
        // zero gradient: the decayed weight shrinks by 1 - 0.1 * 0.5, the 1-D tensors stay.
        assertThat(weight.getArray().toFloatArray()).containsExactly(new float[] {0.95f, 1.9f, 2.85f, 3.8f},
                within(1e-6f));
        assertThat(bias.getArray().toFloatArray()).containsExactly(1f, 2f);
        assertThat(scale.getArray().toFloatArray()).containsExactly(5f, 6f);
    }

    @Test
    void noDecayRuleCanUseNames() {
        Parameter table = parameter("pos_embedding", manager.create(new float[] {1, 2}, new Shape(1, 2)));
        Parameter other = parameter("fc.weight", manager.create(new float[] {1, 2}, new Shape(1, 2)));
        PyTorchSgd sgd =
                PyTorchSgd.builder()
                        .setSchedule(Schedule.constant(0.1, 0.9))
                        .optWeightDecays(0.5f)
                        .optNoDecay((name, shape) -> shape.dimension() <= 1 || name.contains("embedding"))
                        .build();
        sgd.add("pos_embedding", table);
        sgd.add("fc.weight", other);
        assertThat(sgd.isDecayed("pos_embedding")).isFalse();
        assertThat(sgd.isDecayed("fc.weight")).isTrue();
        sgd.step(); // no backward yet: gradients are zero
        assertThat(table.getArray().toFloatArray()).containsExactly(1f, 2f);
        assertThat(other.getArray().toFloatArray()).containsExactly(new float[] {0.95f, 1.9f}, within(1e-6f));
    }

    @Test
    void registersTheParametersOfADjlBlock() {
        Linear linear = Linear.builder().setUnits(2).build();
        linear.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        PyTorchSgd sgd =
                PyTorchSgd.builder().setSchedule(Schedule.constant(0.1, 0.9)).optWeightDecays(1e-4f).build();
        sgd.addAll(linear.getParameters());
        assertThat(sgd.isDecayed("weight")).isTrue(); // [2, 3]
        assertThat(sgd.isDecayed("bias")).isFalse(); // [2]
        assertThatThrownBy(() -> sgd.isDecayed("gamma"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no registered parameter gamma");
    }

    @Test
    void stepZeroesGradientsAndSkipsFrozenParameters() {
        Parameter p = parameter("p", manager.create(new float[] {1, 2}, new Shape(1, 2)));
        Parameter frozen = parameter("frozen", manager.create(new float[] {3, 4}, new Shape(1, 2)));
        PyTorchSgd sgd = PyTorchSgd.builder().setSchedule(Schedule.constant(0.5, 0)).build();
        sgd.add("p", p);
        sgd.add("frozen", frozen);
        backward(a -> a[0].sum().add(a[1].sum()), p, frozen);
        frozen.freeze(true);
        sgd.step();
        assertThat(p.getArray().toFloatArray()).containsExactly(0.5f, 1.5f);
        assertThat(p.getArray().getGradient().toFloatArray()).containsExactly(0f, 0f);
        assertThat(frozen.getArray().toFloatArray()).containsExactly(3f, 4f);
    }

    @Test
    void djlUpdateOfUnregisteredParameterUsesTheShapeRule() {
        NDArray vector = manager.create(new float[] {1, 2});
        NDArray matrix = manager.create(new float[] {1, 2}, new Shape(1, 2));
        PyTorchSgd sgd =
                PyTorchSgd.builder().setSchedule(Schedule.constant(0.1, 0)).optWeightDecays(0.5f).build();
        sgd.update("vector-id", vector, manager.zeros(new Shape(2)));
        sgd.update("matrix-id", matrix, manager.zeros(new Shape(1, 2)));
        assertThat(vector.toFloatArray()).containsExactly(1f, 2f);
        assertThat(matrix.toFloatArray()).containsExactly(new float[] {0.95f, 1.9f}, within(1e-6f));
    }

    @Test
    void rejectsInconsistentSettings() {
        assertThatThrownBy(() -> PyTorchSgd.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("PyTorchSgd needs a schedule (setSchedule)");
        assertThatThrownBy(
                        () -> PyTorchSgd.builder()
                                .setSchedule(Schedule.constant(0.1, 0.9))
                                .optNesterov(true)
                                .optDampening(0.1)
                                .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Nesterov momentum requires zero dampening");
        PyTorchSgd sgd = PyTorchSgd.builder().setSchedule(Schedule.constant(0.1, 0.9)).build();
        Parameter p = parameter("p", manager.create(new float[] {1}));
        sgd.add("p", p);
        assertThatThrownBy(() -> sgd.add("again", p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter again is already registered");
    }

    @Test
    void matchesPyTorchSgdWithOneCycleOnTwoParamGroups() throws IOException {
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("/train/sgd_onecycle_trajectories.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        int steps = fixture.get("steps").asInt();
        for (JsonNode run : fixture.get("runs")) {
            try (NDManager local = manager.newSubManager()) {
                Parameter w = parameter("w", local.create(floats(fixture.get("w0")), new Shape(2, 2)));
                Parameter b = parameter("b", local.create(floats(fixture.get("b0"))));
                NDArray aw = local.create(floats(fixture.get("a_w")), new Shape(2, 2));
                NDArray cw = local.create(floats(fixture.get("c_w")), new Shape(2, 2));
                NDArray ab = local.create(floats(fixture.get("a_b")));
                NDArray cb = local.create(floats(fixture.get("c_b")));
                PyTorchSgd sgd =
                        PyTorchSgd.builder()
                                .setSchedule(OneCycleLR.of(fixture.get("max_lr_w").asDouble(), steps))
                                .optWeightDecays((float) fixture.get("weight_decay_w").asDouble())
                                .optDampening(run.get("dampening").asDouble())
                                .optNesterov(run.get("nesterov").asBoolean())
                                .build();
                sgd.add("w", w);
                // PyTorch's bias group has max_lr 10 = 100 x 0.1 and no weight decay (1-D: default rule)
                sgd.add(new TrainableParameter("b", b, fixture.get("max_lr_b").asDouble() / 0.1));
                double worst = 0;
                for (int t = 0; t < steps; t++) {
                    backward(p -> quadratic(p[0], aw, cw).add(quadratic(p[1], ab, cb)), w, b);
                    sgd.step();
                    worst = Math.max(worst, maxAbsDiff(w.getArray().toFloatArray(), floats(run.get("w").get(t))));
                    worst = Math.max(worst, maxAbsDiff(b.getArray().toFloatArray(), floats(run.get("b").get(t))));
                }
                String setting = "dampening " + run.get("dampening") + ", nesterov " + run.get("nesterov");
                System.out.printf("SGD vs PyTorch (%s): max |difference| %.3g%n", setting, worst);
                assertThat(worst).as("largest difference from PyTorch, %s", setting).isLessThan(2e-6);
            }
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** sum(0.5 * a * p^2 + c * p). */
    private static NDArray quadratic(NDArray p, NDArray a, NDArray c) {
        return a.mul(p).mul(p).mul(0.5).add(c.mul(p)).sum();
    }

    private static float[] floats(JsonNode node) {
        java.util.List<Float> values = new java.util.ArrayList<>();
        collect(node, values);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static void collect(JsonNode node, java.util.List<Float> into) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, into));
        } else {
            into.add((float) node.asDouble());
        }
    }
}

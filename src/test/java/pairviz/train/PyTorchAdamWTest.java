package pairviz.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PyTorchAdamWTest {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** lr 0.1, 0.05, 0.2 and beta1 (SGD's momentum) 0.9, 0.8, 0.5 at steps 0, 1, 2. */
    private static final Schedule THREE_STEPS = PyTorchSgdTest.THREE_STEPS;

    private Parameter parameter(String name, NDArray values) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(values).build();
        p.initialize(manager, values.getDataType());
        return p;
    }

    /** loss = sum(w^2) / 2 + sum(c * b): gradient w for w, c for b. */
    private void backward(Parameter w, Parameter b) {
        NDArray c = manager.create(new double[] {0.5, -1.0});
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray x = w.getArray();
            gc.backward(x.mul(x).sum().mul(manager.create(0.5)).add(b.getArray().mul(c).sum()));
        }
    }

    private PyTorchAdamW adamW(Parameter w, Parameter b) {
        PyTorchAdamW opt = PyTorchAdamW.builder().setSchedule(THREE_STEPS).optWeightDecays(0.25f).build();
        opt.add("w", w);
        opt.add(new TrainableParameter("b", b, 3.0));
        return opt;
    }

    /**
     * Expected values from {@code torch.optim.AdamW} (float64) with the same schedule, set on the
     * param groups before each step:
     *
     * <pre>
     * w = Parameter([[2., -4.]]); b = Parameter([1., -1.]); c = tensor([.5, -1.])
     * opt = AdamW([{'params': [w], 'weight_decay': .25}, {'params': [b], 'weight_decay': 0., 'lr': .3}],
     *             lr=.1, betas=(.9, .999), eps=1e-8)
     * for t in range(3):  # lr [.1, .05, .2] (x3 for b), beta1 [.9, .8, .5]
     *     ...; ((w**2).sum() / 2 + (b * c).sum()).backward(); opt.step()
     * </pre>
     */
    @Test
    void threeStepsMatchTorchAdamWWithCycledBeta1AndDecoupledDecay() {
        Parameter w = parameter("w", manager.create(new double[] {2.0, -4.0}, new Shape(1, 2)));
        Parameter b = parameter("b", manager.create(new double[] {1.0, -1.0}));
        PyTorchAdamW opt = adamW(w, b);
        assertThat(opt.isDecayed("w")).isTrue();
        assertThat(opt.isDecayed("b")).isFalse();
        for (int t = 0; t < 3; t++) {
            backward(w, b);
            opt.step();
        }
        assertThat(w.getArray().toDoubleArray())
                .containsExactly(new double[] {1.5583965969162983, -3.3856602010122883}, within(1e-12));
        assertThat(b.getArray().toDoubleArray())
                .containsExactly(new double[] {0.1444762075866674, -0.1444761990314295}, within(1e-12));
        assertThat(opt.steps()).isEqualTo(3);
        assertThat(opt.state().keySet()).containsExactly("exp_avg.w", "exp_avg_sq.w", "exp_avg.b", "exp_avg_sq.b");
    }

    @Test
    void aRestoredStateContinuesAsIfNeverInterrupted() {
        Parameter w = parameter("w", manager.create(new double[] {2.0, -4.0}, new Shape(1, 2)));
        Parameter b = parameter("b", manager.create(new double[] {1.0, -1.0}));
        PyTorchAdamW first = adamW(w, b);
        backward(w, b);
        first.step();
        Map<String, NDArray> saved = first.state();

        Parameter w2 = parameter("w", w.getArray().duplicate());
        Parameter b2 = parameter("b", b.getArray().duplicate());
        PyTorchAdamW resumed = PyTorchAdamW.builder().setSchedule(THREE_STEPS).optWeightDecays(0.25f)
                .optBeginNumUpdate(1).build();
        resumed.add("w", w2);
        resumed.add(new TrainableParameter("b", b2, 3.0));
        saved.forEach(resumed::restoreState);
        for (int t = 1; t < 3; t++) {
            backward(w, b);
            first.step();
            backward(w2, b2);
            resumed.step();
        }
        assertThat(w2.getArray().toDoubleArray()).containsExactly(w.getArray().toDoubleArray(), within(1e-15));
        assertThat(b2.getArray().toDoubleArray()).containsExactly(b.getArray().toDoubleArray(), within(1e-15));
        assertThatThrownBy(() -> resumed.restoreState("momentum.w", saved.get("exp_avg.w")))
                .hasMessageContaining("no optimizer state momentum.w");
    }
}

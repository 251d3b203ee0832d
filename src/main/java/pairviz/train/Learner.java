package pairviz.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.model.EmbeddingNetwork;
import pairviz.model.Engines;
import pairviz.model.Module;
import pairviz.model.Precision;
import pairviz.loading.WeightLoader;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

/**
 * The state that training changes: the network's weights, the loss's own tensor (class weights or
 * proxies) and the optimizer's momentum buffers; and the training step that changes them.
 *
 * <p>One step: the network runs the batch in training mode with gradients, the loss is taken on
 * the embeddings beta, backward, then one {@link PyTorchSgd} (or {@link PyTorchAdamW}) step under
 * the {@link OneCycleLR} schedule of the whole run. Weight decay skips biases, norms ({@code <= 1-D}), position
 * embeddings and the class token. Every array a step creates is closed before it returns.
 */
public final class Learner implements AutoCloseable {

    /** Prefix of the loss's tensor in {@link #trainState()}. */
    static final String LOSS_PREFIX = "loss.";

    private final Engine engine;
    private final NDManager manager;
    private final EmbeddingNetwork network;
    private final MetricLoss loss;
    private final PyTorchOptimizer optimizer;
    private final ParameterStore store;
    private int steps;

    private Learner(Engine engine, NDManager manager, EmbeddingNetwork network, MetricLoss loss, PyTorchOptimizer optimizer,
            int steps) {
        this.engine = engine;
        this.manager = manager;
        this.network = network;
        this.loss = loss;
        this.optimizer = optimizer;
        this.store = new ParameterStore(manager, false);
        this.steps = steps;
    }

    /**
     * A learner at step {@code step} of the run {@code config}.
     *
     * @param weights the network's weights (canonical names)
     * @param classes number of training classes (the loss's C)
     * @param step optimizer steps already taken (0 for a new run)
     * @param trainState the loss tensor and momentum buffers saved at {@code step} by {@link
     *     #trainState()}; null for a new run (the loss tensor is then drawn from the config's seed)
     * @param source the weights' name for error messages
     */
    public static Learner create(TrainConfig config, StateDict weights, int classes, int step, StateDict trainState,
            String source) {
        Engine engine = Engines.pytorch();
        NDManager manager = engine.newBaseManager();
        try {
            EmbeddingNetwork network = pairviz.model.Architecture.build(config.model());
            WeightLoader.loadForTraining(network, weights, manager, source);
            engine.setRandomSeed((int) config.seed()); // the loss tensor's initial values
            MetricLoss loss = config.loss().create(manager, classes, config.model().outDim());
            OptimizerKind kind = config.optimizer();
            PyTorchOptimizer.Builder<?> builder = kind.builder(OneCycleLR.of(config.lr(), Math.max(1, config.iterations())),
                    (float) config.weightDecay());
            builder.optNoDecay((name, shape) -> shape.dimension() <= 1
                    || name.endsWith("position_embeddings") || name.endsWith("cls_token"));
            builder.optBeginNumUpdate(step);
            PyTorchOptimizer optimizer = builder.build();
            for (Map.Entry<String, Module.Slot> e : network.namedParameters().entrySet()) {
                Parameter p = e.getValue().parameter();
                p.getArray().setRequiresGradient(true);
                optimizer.add(e.getKey(), p);
            }
            loss.parameters().forEach(optimizer::add);
            Learner learner = new Learner(engine, manager, network, loss, optimizer, step);
            if (trainState != null) {
                learner.restore(trainState, source);
            }
            return learner;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * One training step on a batch.
     *
     * @return the loss of the batch before the update
     */
    public float step(BatchLoader.Loaded batch) {
        int size = network.config().imageSize();
        float value;
        try (NDScope scope = new NDScope(); NDManager local = manager.newSubManager()) {
            // Copied into libtorch's own memory: an array made from a Java buffer wraps that buffer, and
            // training on such arrays gave different losses from run to run (NaN in about one run of three).
            NDArray images = local.create(FloatBuffer.wrap(batch.pixels()), new Shape(batch.size(), 3, size, size)).duplicate();
            NDArray labels = local.create(batch.labels()).duplicate();
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray beta = network.trace(store, images, true).beta(); // [B, E]
                NDArray l = loss.evaluate(beta, labels); // scalar
                gc.backward(l);
                value = l.getFloat();
            }
            optimizer.step();
            steps++;
        }
        if (!Float.isFinite(value)) {
            throw new BadParameterException("training diverged: the loss is " + value + " at iteration " + batch.iteration()
                    + "; try a smaller {lr}");
        }
        return value;
    }

    /** Optimizer steps taken so far (including those before a resume). */
    public int steps() {
        return steps;
    }

    /** The learning rate of step {@code step} (before per-tensor multipliers). */
    public double lr(int step) {
        return optimizer.schedule().lr(step);
    }

    /** The network's current weights (a copy, canonical names). */
    public StateDict weights() {
        return WeightLoader.stateDict(network);
    }

    /**
     * The loss's tensor and the optimizer's state buffers (copies; keys {@code momentum.<name>} for
     * SGD, {@code exp_avg.<name>} and {@code exp_avg_sq.<name>} for AdamW), as {@link #create}
     * takes them back.
     */
    public StateDict trainState() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(LOSS_PREFIX + loss.parameter().getName(), tensor(loss.parameter().getArray()));
        optimizer.state().forEach((key, buf) -> out.put(key, tensor(buf)));
        return StateDict.of(out);
    }

    private void restore(StateDict state, String source) {
        String lossName = LOSS_PREFIX + loss.parameter().getName();
        Tensor lossTensor = state.get(lossName);
        NDArray lossArray = loss.parameter().getArray();
        if (lossTensor == null || !lossTensor.hasShape(lossArray.getShape().getShape())) {
            throw new PairvizException("training state " + source + " has no " + lossName + " of shape "
                    + lossArray.getShape() + " (another loss or number of classes?)");
        }
        // An indexed put, not set(Buffer) or copyTo: DJL runs those under libtorch's deprecated
        // AutoNonVariableTypeMode guard, which printed a deprecation warning on every --resume.
        try (NDManager tmp = manager.newSubManager()) {
            lossArray.set(new NDIndex("..."), tmp.create(FloatBuffer.wrap(lossTensor.data()), lossArray.getShape()));
        }
        for (Map.Entry<String, Tensor> e : state.asMap().entrySet()) {
            if (e.getKey().startsWith(LOSS_PREFIX)) {
                continue;
            }
            try (NDManager tmp = manager.newSubManager()) {
                NDArray values = tmp.create(FloatBuffer.wrap(e.getValue().data()), new Shape(e.getValue().shape()));
                optimizer.restoreState(e.getKey(), values);
            } catch (IllegalArgumentException ex) {
                throw new PairvizException("training state " + source + ": " + ex.getMessage(), ex);
            }
        }
    }

    private static Tensor tensor(NDArray a) {
        return new Tensor(a.getShape().getShape(), a.toFloatArray());
    }

    /** The network (its parameters require gradients). */
    /**
     * Runs the network's matrix products and convolutions in {@code p} from the next step on; the
     * weights, their gradients and the optimizer stay float32 (bf16's master weights).
     */
    public Learner setPrecision(Precision p) {
        network.setPrecision(p);
        return this;
    }

    public EmbeddingNetwork network() {
        return network;
    }

    @Override
    public void close() {
        manager.close();
    }
}

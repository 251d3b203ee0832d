package pairviz.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;

import java.util.List;

import pairviz.PairvizException;

/**
 * A metric-learning loss over a batch of embeddings and class labels that owns one learnable
 * tensor (class weights or proxies).
 *
 * <p>{@link #evaluate(NDArray, NDArray)} L2-normalises the embeddings (PyTorch's {@code
 * F.normalize}, eps 1e-12) and returns a scalar. The learnable tensor is a DJL {@link Parameter}
 * whose array has gradients attached: after {@code GradientCollector.backward(loss)} its gradient
 * is {@code parameters().get(0).parameter().getArray().getGradient()}; hand {@link #parameters()}
 * to {@link PyTorchSgd#add(TrainableParameter)} so the optimizer updates it with the loss's
 * learning-rate multiplier.
 *
 * <p>Intermediate arrays are closed before {@code evaluate} returns (PyTorch's autograd graph
 * keeps what backward needs); the result belongs to the embeddings' manager. It also works as a
 * DJL {@link Loss} ({@code labels}, {@code predictions} each a single array).
 */
public abstract class MetricLoss extends Loss {

    private final int numClasses;
    private final int embeddingSize;
    private final Parameter parameter;
    private final double lrMultiplier;

    /**
     * Creates the loss and initialises its parameter on {@code manager}.
     *
     * @param name loss name (also the prefix of the parameter name)
     * @param numClasses number of classes C
     * @param embeddingSize embedding width E
     * @param parameterName name of the learnable tensor (after {@code name + "."})
     * @param parameterShape its shape
     * @param initializer its initialiser (random draws use DJL's engine seed)
     * @param lrMultiplier learning-rate multiplier for the tensor
     * @param manager owner of the tensor
     * @param dataType dtype of the tensor
     */
    protected MetricLoss(
            String name,
            int numClasses,
            int embeddingSize,
            String parameterName,
            Shape parameterShape,
            Initializer initializer,
            double lrMultiplier,
            NDManager manager,
            DataType dataType) {
        super(name);
        if (numClasses < 1 || embeddingSize < 1) {
            throw new PairvizException(
                    name + ": number of classes and embedding size must be positive, got "
                            + numClasses + " and " + embeddingSize);
        }
        this.numClasses = numClasses;
        this.embeddingSize = embeddingSize;
        this.lrMultiplier = lrMultiplier;
        this.parameter =
                Parameter.builder()
                        .setName(name + "." + parameterName)
                        .setType(Parameter.Type.WEIGHT)
                        .optShape(parameterShape)
                        .optInitializer(initializer)
                        .build();
        parameter.initialize(manager, dataType);
    }

    /** Number of classes C. */
    public int numClasses() {
        return numClasses;
    }

    /** The learnable tensor (its array requires gradients). */
    public Parameter parameter() {
        return parameter;
    }

    /** The learnable tensors with their learning-rate multipliers, for {@link PyTorchSgd}. */
    public List<TrainableParameter> parameters() {
        return List.of(new TrainableParameter(parameter.getName(), parameter, lrMultiplier));
    }

    /**
     * The loss of a batch.
     *
     * @param embeddings [B, E] embeddings (any norm; normalised here)
     * @param labels [B] integer class labels in [0, C)
     * @return the scalar loss, differentiable w.r.t. the embeddings and {@link #parameter()}
     * @throws PairvizException if the shapes or labels do not fit the loss
     */
    public final NDArray evaluate(NDArray embeddings, NDArray labels) {
        NDArray loss;
        try (NDScope scope = new NDScope()) {
            NDArray classes = checkInputs(embeddings, labels); // [B] int64
            NDArray unit = embeddings.normalize(2, 1, 1e-12); // [B, E], rows of norm 1
            NDArray targets = classes.oneHot(numClasses, unit.getDataType()); // [B, C]
            loss = loss(unit, targets);
            loss.attach(embeddings.getManager());
            NDScope.unregister(loss);
        }
        NDScope.register(loss); // belongs to the caller's scope, if any
        return loss;
    }

    /** DJL {@link Loss} entry point: {@code evaluate(predictions[0], labels[0])}. */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return evaluate(predictions.singletonOrThrow(), labels.singletonOrThrow());
    }

    /**
     * The loss from normalised embeddings.
     *
     * @param unitEmbeddings [B, E] rows of unit norm
     * @param targets [B, C] one-hot labels in the embeddings' dtype
     * @return the scalar loss
     */
    protected abstract NDArray loss(NDArray unitEmbeddings, NDArray targets);

    /** The parameter's array in {@code like}'s dtype (a differentiable cast when they differ). */
    protected NDArray parameterLike(NDArray like) {
        NDArray array = parameter.getArray();
        return array.getDataType() == like.getDataType() ? array : array.toType(like.getDataType(), false);
    }

    /** Checks shapes and label range; returns the labels as int64. */
    private NDArray checkInputs(NDArray embeddings, NDArray labels) {
        Shape e = embeddings.getShape();
        Shape l = labels.getShape();
        if (e.dimension() != 2 || e.get(1) != embeddingSize || e.get(0) < 1) {
            throw new PairvizException(
                    getName() + ": embeddings must be [B, " + embeddingSize + "] with B >= 1, got " + e);
        }
        if (l.dimension() != 1 || l.get(0) != e.get(0)) {
            throw new PairvizException(
                    getName() + ": labels must be [" + e.get(0) + "] to match the embeddings, got " + l);
        }
        if (!labels.getDataType().isInteger()) {
            throw new PairvizException(getName() + ": labels must be integers, got " + labels.getDataType());
        }
        NDArray classes = labels.toType(DataType.INT64, false);
        for (long v : classes.toLongArray()) {
            if (v < 0 || v >= numClasses) {
                throw new PairvizException(
                        getName() + ": label " + v + " is outside [0, " + numClasses + ")");
            }
        }
        return classes;
    }
}

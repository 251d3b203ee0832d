package pairviz.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a number that is safe under autograd.
 *
 * <p>DJL's PyTorch engine implements {@code x.mul(2.0)} and {@code x.div(2.0)} by wrapping the
 * number in a tensor over a Java direct buffer ({@code torch::from_blob}), multiplying, and closing
 * that tensor at once. Autograd keeps the number's tensor for the backward pass of a product or
 * quotient, but not the Java buffer under it: once the garbage collector frees the buffer, the
 * backward pass reads whatever memory took its place, and the gradients become garbage (training
 * diverged to NaN at a learning rate of 4e-4). The numbers here are tensors that libtorch
 * allocates and owns, so autograd keeps them alive for as long as it needs them.
 */
public final class Scalars {
    private Scalars() {}

    /** A 0-d tensor holding {@code value}, in {@code like}'s dtype, manager and device; owned by libtorch. */
    public static NDArray like(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }

    /** {@code x * value}, differentiable. */
    public static NDArray mul(NDArray x, double value) {
        return x.mul(like(x, value));
    }

    /** {@code x / value}, differentiable. */
    public static NDArray div(NDArray x, double value) {
        return x.div(like(x, value));
    }
}

package pairviz.model.family;

import java.util.Arrays;
import pairviz.model.weights.Tensor;

/** Small pure operations the families use to rearrange foreign tensors. */
final class Tensors {
    private Tensors() {}

    /** Splits a tensor along its first axis into {@code parts} equal tensors (a fused qkv into q, k, v). */
    static Tensor[] splitRows(Tensor t, int parts) {
        long[] shape = t.shape().clone();
        shape[0] /= parts;
        int size = t.data().length / parts;
        Tensor[] out = new Tensor[parts];
        for (int i = 0; i < parts; i++) {
            out[i] = new Tensor(shape.clone(), Arrays.copyOfRange(t.data(), i * size, (i + 1) * size));
        }
        return out;
    }
}

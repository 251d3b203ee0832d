package pairviz.loading.family;

import pairviz.model.weights.Tensor;

/** Small pure operations the families use to rearrange foreign tensors. */
final class Tensors {
    private Tensors() {}

    /** Splits a tensor along its first axis into {@code parts} equal tensors (a fused qkv into q, k, v). */
    static Tensor[] splitRows(Tensor t, int parts) {
        long[] shape = t.shape().clone();
        shape[0] /= parts;
        long size = t.numel() / parts;
        Tensor[] out = new Tensor[parts];
        for (int i = 0; i < parts; i++) {
            out[i] = t.view(i * size, shape); // a mapped checkpoint's rows stay in the map
        }
        return out;
    }

    /** A tensor with another shape of the same size (a CLIP class embedding [D] as [1, 1, D]). */
    static Tensor reshaped(Tensor t, long... shape) {
        return t.view(0, shape);
    }

    /** A 2-d tensor transposed (CLIP's {@code proj} [D, E], used as x @ proj, as a linear weight [E, D]). */
    static Tensor transposed(Tensor t) {
        int rows = t.dim(0);
        int cols = t.dim(1);
        float[] in = t.data();
        float[] out = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = in[i * cols + j];
            }
        }
        return new Tensor(new long[] {cols, rows}, out);
    }
}

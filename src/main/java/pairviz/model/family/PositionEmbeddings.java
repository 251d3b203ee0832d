package pairviz.model.family;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import pairviz.model.Engines;
import pairviz.model.weights.Tensor;

/**
 * Resamples a ViT's position embeddings to another grid, as timm's {@code resample_abs_pos_embed}
 * does: the grid part, as a K x K image with D channels, goes through torch's bicubic
 * {@code interpolate} (align_corners=False, no antialias) to K' x K'; the embeddings of the
 * prefix tokens (class, distillation, registers) are kept apart and unchanged.
 */
final class PositionEmbeddings {
    private PositionEmbeddings() {}

    /**
     * @param pos [1, prefix + K*K, D]
     * @param prefix leading embeddings that are not on the grid
     * @param grid K' of the new grid
     * @return [1, prefix + K'*K', D]
     */
    static Tensor resample(Tensor pos, int prefix, int grid) {
        int d = pos.dim(2);
        int old = (int) Math.round(Math.sqrt(pos.dim(1) - prefix));
        float[] out = new float[(prefix + grid * grid) * d];
        System.arraycopy(pos.data(), 0, out, 0, prefix * d);
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            // [K, K, D] read as an image of D channels, resized to [K', K', D]
            NDArray cells = m.create(FloatBuffer.wrap(pos.data(), prefix * d, old * old * d), new Shape(old, old, d));
            NDArray resized = NDImageUtils.resize(cells, grid, grid, Image.Interpolation.BICUBIC);
            float[] v = resized.toFloatArray();
            System.arraycopy(v, 0, out, prefix * d, v.length);
        }
        return new Tensor(new long[] {1, prefix + (long) grid * grid, d}, out);
    }
}

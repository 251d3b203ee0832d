package pairviz.model;

import pairviz.PairvizException;
import pairviz.model.weights.Tensor;

/**
 * Resamples a ViT's position embeddings to another grid, as the library that made them does: the
 * grid part, as a K x K image of D channels, is resized to K' x K' (separably, rows then columns)
 * and the embeddings of the prefix tokens (class, distillation, registers: any number) are kept
 * apart and unchanged. The one place that finds K from a token count ({@link #gridSide}), for
 * loading checkpoints and for training from one of another size alike.
 *
 * <p>torch's {@code F.interpolate} is written out here because DJL's interpolate offers neither
 * antialiasing nor a scale factor nor, with the sizes, {@code align_corners=True}, each of which
 * one of the libraries uses; the weights are torch's (checked against torch in
 * {@code PositionEmbeddingsTest}).
 */
public final class PositionEmbeddings {
    private PositionEmbeddings() {}

    /** How a library resamples. */
    public enum Resampling {
        /** timm's {@code resample_abs_pos_embed}: bicubic with antialias (a = -0.5, weights renormalised); also HF Dinov2WithRegisters. */
        TIMM("bicubic with antialias, as timm does"),
        /** {@code F.interpolate(size, mode='bicubic', align_corners=False)} (a = -0.75): Hugging Face ViT, DeiT, CLIP, Dinov2. */
        PLAIN("bicubic, as Hugging Face does"),
        /** torchvision's {@code interpolate_embeddings}: bicubic with {@code align_corners=True}. */
        TORCHVISION("bicubic with align_corners, as torchvision does"),
        /** facebookresearch/dinov2: bicubic with {@code scale_factor = (K' + 0.1) / K} instead of a size. */
        DINOV2_HUB("bicubic with DINOv2's scale factor"),
        /** {@code F.interpolate(size, mode='bilinear', align_corners=False)}: pairviz's training from a checkpoint of another size. */
        BILINEAR("bilinear");

        /** The resampling in words, for notes. */
        public final String words;

        Resampling(String words) {
            this.words = words;
        }
    }

    /**
     * K with K * K = {@code tokens}: the side of the square grid of that many patch tokens, or -1
     * when they are none or do not form a square.
     */
    public static int gridSide(int tokens) {
        int k = (int) Math.round(Math.sqrt(Math.max(tokens, 0)));
        return tokens > 0 && k * k == tokens ? k : -1;
    }

    /**
     * @param pos [1, prefix + K*K, D]
     * @param prefix leading embeddings that are not on the grid
     * @param grid K' of the new grid
     * @return [1, prefix + K'*K', D]
     * @throws PairvizException if {@code pos} is not one row of {@code prefix} tokens and a square grid
     */
    public static Tensor resample(Tensor pos, int prefix, int grid, Resampling how) {
        int d = pos.dim(2);
        int old = pos.rank() == 3 && pos.dim(0) == 1 ? gridSide(pos.dim(1) - prefix) : -1;
        if (old < 0) {
            throw new PairvizException("position embeddings " + pos.shapeString() + " are not " + prefixWords(prefix)
                    + "a square grid");
        }
        double[][] w = weights(old, grid, how); // [K', K]
        float[] in = pos.data();
        float[] out = new float[(prefix + grid * grid) * d];
        System.arraycopy(in, 0, out, 0, prefix * d);
        for (int i = 0; i < grid; i++) {
            for (int j = 0; j < grid; j++) {
                int o = (prefix + i * grid + j) * d;
                for (int y = 0; y < old; y++) {
                    if (w[i][y] == 0) {
                        continue;
                    }
                    for (int x = 0; x < old; x++) {
                        double wyx = w[i][y] * w[j][x];
                        if (wyx == 0) {
                            continue;
                        }
                        int s = (prefix + y * old + x) * d;
                        for (int c = 0; c < d; c++) {
                            out[o + c] += (float) (wyx * in[s + c]);
                        }
                    }
                }
            }
        }
        return new Tensor(new long[] {1, prefix + (long) grid * grid, d}, out);
    }

    private static String prefixWords(int prefix) {
        return switch (prefix) {
            case 0 -> "";
            case 1 -> "a class token plus ";
            default -> prefix + " prefix tokens plus ";
        };
    }

    /** The [out, in] interpolation matrix of one axis, as torch computes it. */
    static double[][] weights(int in, int out, Resampling how) {
        double[][] m = new double[out][in];
        for (int i = 0; i < out; i++) {
            if (how == Resampling.BILINEAR) { // half-pixel centres, clamped at the edges
                double src = Math.max(0, (i + 0.5) * (in / (double) out) - 0.5);
                int i0 = Math.min((int) Math.floor(src), in - 1);
                int i1 = Math.min(i0 + 1, in - 1);
                m[i][i0] += 1 - (src - i0);
                m[i][i1] += src - i0;
                continue;
            }
            if (how == Resampling.TIMM) {
                double scale = in / (double) out;
                double support = 2.0 * Math.max(scale, 1.0);
                double inv = 1.0 / Math.max(scale, 1.0);
                double center = scale * (i + 0.5);
                int lo = Math.max((int) (center - support + 0.5), 0);
                int hi = Math.min((int) (center + support + 0.5), in);
                double sum = 0;
                for (int j = lo; j < hi; j++) {
                    m[i][j] = cubic((j - center + 0.5) * inv, -0.5);
                    sum += m[i][j];
                }
                for (int j = lo; j < hi; j++) {
                    m[i][j] /= sum;
                }
                continue;
            }
            double src = switch (how) {
                case TORCHVISION -> out == 1 ? 0 : i * (in - 1) / (double) (out - 1);
                case DINOV2_HUB -> (i + 0.5) * (in / (out + 0.1)) - 0.5;
                default -> (i + 0.5) * (in / (double) out) - 0.5;
            };
            int x0 = (int) Math.floor(src);
            for (int k = -1; k <= 2; k++) {
                m[i][Math.min(Math.max(x0 + k, 0), in - 1)] += cubic(src - (x0 + k), -0.75);
            }
        }
        return m;
    }

    /** Keys' cubic convolution kernel with parameter {@code a}. */
    private static double cubic(double x, double a) {
        double d = Math.abs(x);
        if (d <= 1) {
            return ((a + 2) * d - (a + 3)) * d * d + 1;
        }
        if (d < 2) {
            return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
        }
        return 0;
    }
}

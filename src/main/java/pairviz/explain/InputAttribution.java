package pairviz.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import pairviz.loading.EmbeddingModel;

/**
 * Attribution to the input pixels, summed over each patch of the grid: pixel p of an image x gets
 * {@code x_p * mean_k df/dx_p (alpha_k x)}, f the cosine toward the target, for the path points
 * {@code alpha_k} a subclass chooses. The baseline is the zero input, which after normalisation is
 * the mean-grey image the normalisation centres on. With the patch embedding linear (a ViT's),
 * summing over a patch's pixels is the same attribution taken on the patch token. Works for any
 * network.
 */
abstract class InputAttribution implements MapMethod {
    /** Network inputs per backward pass. */
    static final int BATCH = 16;

    /** The points of the path from the baseline (0) to the image (1) where the gradient is taken. */
    abstract double[] alphas();

    /** The mode, for messages. */
    abstract Mode mode();

    /** Whether the maps report the baseline's similarity (where they sum to {@code score - baseline}). */
    abstract boolean reportsBaseline();

    @Override
    public List<Attribution> maps(List<ImageFeatures> images, List<Target> targets, ExplainOptions options) {
        if (images.size() != targets.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + targets.size() + " targets");
        }
        EmbeddingModel model = GradientPass.modelOf(images, mode());
        double[] alphas = alphas();
        int s = model.config().imageSize();
        int size = 3 * s * s;
        List<float[]> inputs = new ArrayList<>();
        List<double[]> directions = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            float[] x = images.get(i).input().pixels();
            for (double a : alphas) {
                float[] p = new float[size];
                for (int j = 0; j < size; j++) {
                    p[j] = (float) (a * x[j]);
                }
                inputs.add(p);
                directions.add(targets.get(i).direction());
            }
        }
        float[] gradients = new float[inputs.size() * size];
        for (int from = 0; from < inputs.size(); from += BATCH) {
            int to = Math.min(inputs.size(), from + BATCH);
            try (NDManager sub = model.manager().newSubManager()) {
                GradientPass.Result pass = GradientPass.run(model, sub, inputs.subList(from, to), directions.subList(from, to), false);
                System.arraycopy(pass.inputGradient().toFloatArray(), 0, gradients, from * size, (to - from) * size);
            }
        }
        double[] baseline = reportsBaseline() ? baselineScores(model, targets) : null;
        List<Attribution> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            ImageFeatures f = images.get(i);
            float[] x = f.input().pixels();
            double[] cells = new double[f.gridRows() * f.gridCols()];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < s; y++) {
                    int row = y * f.gridRows() / s;
                    for (int xx = 0; xx < s; xx++) {
                        int p = (c * s + y) * s + xx;
                        double g = 0;
                        for (int k = 0; k < alphas.length; k++) {
                            g += gradients[(i * alphas.length + k) * size + p];
                        }
                        cells[row * f.gridCols() + xx * f.gridCols() / s] += x[p] * g / alphas.length;
                    }
                }
            }
            float[] v = new float[cells.length];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) cells[j];
            }
            out.add(new Attribution(new Heatmap(f.gridRows(), f.gridCols(), v), baseline == null ? Double.NaN : baseline[i]));
        }
        return out;
    }

    /** The similarity of the baseline (zero) input to each target. */
    private static double[] baselineScores(EmbeddingModel model, List<Target> targets) {
        int s = model.config().imageSize();
        try (NDManager sub = model.manager().newSubManager()) {
            float[] beta = model.trace(sub.zeros(new Shape(1, 3, s, s))).beta().toFloatArray();
            double n = Vectors.norm(beta);
            double[] out = new double[targets.size()];
            for (int i = 0; i < out.length; i++) {
                double[] d = targets.get(i).direction();
                double dot = 0;
                for (int j = 0; j < d.length; j++) {
                    dot += beta[j] * d[j];
                }
                out[i] = n == 0 ? 0 : dot / n;
            }
            return out;
        }
    }

    @Override
    public boolean rolloutApplied(ImageFeatures image, ExplainOptions options) {
        return false;
    }
}

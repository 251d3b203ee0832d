package pairviz.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import pairviz.loading.EmbeddingModel;

/**
 * Attribution to the input pixels along a straight path from a baseline image {@code x'} to the
 * image {@code x}, summed over each patch of the grid: pixel p gets
 * {@code (x_p - x'_p) * mean_k df/dx_p (x' + alpha_k (x - x'))}, f the cosine toward the target,
 * for the path points {@code alpha_k} and the baseline a subclass chooses (gradient x input: the
 * zero input and the single point 1). With the patch embedding linear (a ViT's), summing over a
 * patch's pixels is the same attribution taken on the patch token. Works for any network.
 */
abstract class InputAttribution implements MapMethod {
    /** Network inputs per backward pass. */
    static final int BATCH = 16;

    /** The points of the path from the baseline (0) to the image (1) where the gradient is taken. */
    abstract double[] alphas(ExplainOptions options);

    /** The baseline the path starts from; null for the zero input (whose similarity is not reported). */
    abstract Baseline baseline(ExplainOptions options);

    /** The mode, for messages. */
    abstract Mode mode();

    @Override
    public List<Attribution> maps(List<ImageFeatures> images, List<Target> targets, ExplainOptions options) {
        MapMethod.requireOnePerImage(images, targets);
        FeatureExtractor extractor = Origins.extractorOf(images, mode());
        EmbeddingModel model = extractor.model();
        List<ModelInput> given = images.stream().map(f -> Origins.require(f, mode()).input()).toList();
        double[] alphas = alphas(options);
        Baseline kind = baseline(options);
        int s = model.config().imageSize();
        int size = 3 * s * s;
        List<float[]> starts = new ArrayList<>();
        List<float[]> inputs = new ArrayList<>();
        List<double[]> directions = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            ModelInput in = given.get(i);
            float[] x = in.pixels();
            float[] b = kind == null ? new float[size] : kind.input(x, s, in.black());
            starts.add(b);
            for (double a : alphas) {
                float[] p = new float[size];
                for (int j = 0; j < size; j++) {
                    p[j] = (float) (b[j] + a * (x[j] - b[j]));
                }
                inputs.add(p);
                directions.add(targets.get(i).direction());
            }
        }
        float[] gradients = new float[inputs.size() * size];
        boolean[] done = new boolean[inputs.size()];
        if (kind == null && alphas.length == 1 && alphas[0] == 1) { // the gradient at the image itself
            fromKeptPasses(extractor, images, targets, gradients, size, done);
        }
        List<Integer> todo = java.util.stream.IntStream.range(0, inputs.size()).filter(i -> !done[i]).boxed().toList();
        for (int from = 0; from < todo.size(); from += BATCH) {
            List<Integer> chunk = todo.subList(from, Math.min(todo.size(), from + BATCH));
            GradientPass.once(model, chunk.stream().map(inputs::get).toList(),
                    GradientPass.directions(chunk.stream().map(directions::get).toList()),
                    GradientPass.NO_ATTENTION, true, (pass, g) -> {
                        float[] all = g.inputGradient().toFloatArray(); // [B, 3, S, S]
                        for (int r = 0; r < chunk.size(); r++) {
                            System.arraycopy(all, r * size, gradients, chunk.get(r) * size, size);
                        }
                        return null;
                    });
        }
        double[] baseline = kind == null ? null : baselineScores(model, starts, targets);
        List<Attribution> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            ImageFeatures f = images.get(i);
            float[] x = given.get(i).pixels();
            float[] b = starts.get(i);
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
                        cells[row * f.gridCols() + xx * f.gridCols() / s] += (x[p] - b[p]) * g / alphas.length;
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

    /**
     * The input gradients at the images themselves taken through the extractor's kept forward
     * passes ({@link FeatureExtractor#keptWithInputGradient}), one backward pass per round of
     * partners (round k takes every image of the batch toward its k-th target), each pass freed
     * once it has served; marks in {@code done} the maps so made (the others run forward again).
     */
    private static void fromKeptPasses(FeatureExtractor extractor, List<ImageFeatures> images, List<Target> targets,
            float[] gradients, int size, boolean[] done) {
        java.util.Map<ImageFeatures, List<Integer>> asks = new java.util.IdentityHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            asks.computeIfAbsent(images.get(i), k -> new ArrayList<>()).add(i);
        }
        synchronized (GradientPass.LOCK) {
            for (FeatureExtractor.Kept kept : extractor.keptWithInputGradient()) {
                List<List<Integer>> rows = kept.images().stream().map(f -> asks.getOrDefault(f, List.of())).toList();
                if (!kept.serves(rows.stream().mapToInt(List::size).toArray())) {
                    continue;
                }
                try {
                    int b = rows.size();
                    int e = kept.images().get(0).dim();
                    int most = rows.stream().mapToInt(List::size).max().orElse(0);
                    for (int k = 0; k < most; k++) {
                        // [B, E], zero for a row with no k-th target
                        float[] d = GradientPass.roundDirections(b, e, rows, k, i -> targets.get(i).direction());
                        try (NDManager round = extractor.model().manager().newSubManager()) {
                            float[] all = kept.pass().backward(round, d).inputGradient().toFloatArray(); // [B, 3, S, S]
                            for (int r = 0; r < b; r++) {
                                if (k < rows.get(r).size()) {
                                    int i = rows.get(r).get(k);
                                    System.arraycopy(all, r * size, gradients, i * size, size);
                                    done[i] = true;
                                }
                            }
                        }
                    }
                } finally {
                    FeatureExtractor.release(kept); // it served its explanation: free its graph now
                }
            }
        }
    }

    /** The similarity of each baseline image to its target, in batches of {@link #BATCH}. */
    private static double[] baselineScores(EmbeddingModel model, List<float[]> starts, List<Target> targets) {
        double[] out = new double[targets.size()];
        for (int from = 0; from < starts.size(); from += BATCH) {
            int to = Math.min(starts.size(), from + BATCH);
            try (NDManager sub = model.manager().newSubManager()) {
                long start = System.nanoTime();
                NDArray beta = model.trace(model.input(sub, starts.subList(from, to))).beta(); // [B, E]
                PassCounts.forward(to - from, start);
                float[] all = beta.toFloatArray();
                int e = (int) beta.getShape().get(1);
                for (int i = from; i < to; i++) {
                    double[] d = targets.get(i).direction();
                    double dot = 0;
                    double nn = 0;
                    for (int j = 0; j < e; j++) {
                        float v = all[(i - from) * e + j];
                        dot += v * d[j];
                        nn += (double) v * v;
                    }
                    out[i] = nn == 0 ? 0 : dot / Math.sqrt(nn);
                }
            }
        }
        return out;
    }

    @Override
    public boolean rolloutApplied(ImageFeatures image, ExplainOptions options) {
        return false;
    }
}

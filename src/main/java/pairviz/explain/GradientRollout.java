package pairviz.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import pairviz.PairvizException;
import pairviz.loading.EmbeddingModel;

/**
 * Gradient-weighted attention rollout (Chefer, Gur, Wolf, ICCV 2021, "Generic attention-model
 * explainability"), with the pair's cosine as the target: starting from {@code R = I}, each layer
 * from the start layer up adds {@code Abar . R}, where {@code Abar} fuses the heads of
 * {@code (dcos/dA * A)+} (the attention weighted by its gradient, negative parts dropped). The
 * map of a class-token network is the class token's row of {@code R - I} (a distilled DeiT's: the
 * mean of the class and distillation tokens' rows); with mean pooling it is the mean of the rows of
 * {@code R - I} over the output patch tokens. The gradient depends on the
 * partner, so the map does too, whatever the pooling. Not conservative: the cells do not sum to
 * the score. Transformers only.
 *
 * <p>The schedule: one forward pass per distinct image (the extractor's own pass when it kept it,
 * {@link FeatureExtractor#FeatureExtractor(EmbeddingModel, ExplainOptions)}, freed once it has
 * served a request; else one now, in batches of {@value #BATCH}), and one backward pass through it
 * per partner (round k gives every image of the batch its k-th partner), taking only the attention
 * maps' gradients from the start layer up. An image shares its forward pass among the partners of
 * one request ({@link PairExplainer#explainPairs}).
 */
final class GradientRollout implements MapMethod {
    static final GradientRollout INSTANCE = new GradientRollout();
    /** Images per forward pass. */
    static final int BATCH = 8;

    private GradientRollout() {}

    /** One map asked of an image: where it goes in the answer, and toward what. */
    private record Ask(int out, double[] direction) {}

    @Override
    public List<Attribution> maps(List<ImageFeatures> images, List<Target> targets, ExplainOptions options) {
        MapMethod.requireOnePerImage(images, targets);
        FeatureExtractor extractor = Origins.extractorOf(images, Mode.GRAD_ROLLOUT);
        EmbeddingModel model = extractor.model();
        check(model, images);
        Map<ImageFeatures, List<Ask>> asks = new IdentityHashMap<>();
        List<ImageFeatures> distinct = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            ImageFeatures f = images.get(i);
            asks.computeIfAbsent(f, k -> {
                distinct.add(k);
                return new ArrayList<>();
            }).add(new Ask(i, targets.get(i).direction()));
        }
        Attribution[] out = new Attribution[images.size()];
        RolloutSpec spec = options.rollout();
        ImageFeatures layout = images.get(0);
        synchronized (GradientPass.LOCK) {
            List<ImageFeatures> rest = new ArrayList<>(distinct);
            for (FeatureExtractor.Kept kept : extractor.kept(spec.startLayer())) {
                List<List<Ask>> rows = new ArrayList<>();
                for (ImageFeatures f : kept.images()) {
                    List<Ask> a = rest.stream().anyMatch(r -> r == f) ? asks.get(f) : null;
                    rows.add(a == null ? List.of() : a);
                }
                if (kept.serves(rows.stream().mapToInt(List::size).toArray())) {
                    rest.removeIf(r -> kept.images().stream().anyMatch(k -> k == r));
                    try {
                        rounds(model, kept.pass(), rows, layout, spec, out);
                    } finally {
                        FeatureExtractor.release(kept); // it served its explanation: free its graph now
                    }
                }
            }
            for (int from = 0; from < rest.size(); from += BATCH) {
                List<ImageFeatures> chunk = rest.subList(from, Math.min(rest.size(), from + BATCH));
                List<float[]> pixels = chunk.stream().map(f -> Origins.require(f, Mode.GRAD_ROLLOUT).pixels().get()).toList();
                try (NDManager sub = model.manager().newSubManager();
                        GradientPass pass = GradientPass.forward(model, sub.newSubManager(), model.input(sub, pixels),
                                spec.startLayer(), false)) {
                    rounds(model, pass, chunk.stream().map(asks::get).toList(), layout, spec, out);
                }
            }
        }
        return List.of(out);
    }

    /**
     * The maps of images given as pixels (e.g. noisy copies), one toward each direction: a forward and
     * one backward pass per batch of {@value #BATCH}.
     *
     * @param layout features of an image of the same network (for the grid)
     */
    static List<Attribution> ofPixels(EmbeddingModel model, ImageFeatures layout, List<float[]> pixels,
            List<double[]> directions, RolloutSpec spec) {
        check(model, List.of(layout));
        Attribution[] out = new Attribution[pixels.size()];
        synchronized (GradientPass.LOCK) {
            for (int from = 0; from < pixels.size(); from += BATCH) {
                int to = Math.min(pixels.size(), from + BATCH);
                List<List<Ask>> rows = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    rows.add(List.of(new Ask(i, directions.get(i))));
                }
                try (NDManager sub = model.manager().newSubManager();
                        GradientPass pass = GradientPass.forward(model, sub.newSubManager(),
                                model.input(sub, pixels.subList(from, to)), spec.startLayer(), false)) {
                    rounds(model, pass, rows, layout, spec, out);
                }
            }
        }
        return List.of(out);
    }

    private static void check(EmbeddingModel model, List<ImageFeatures> images) {
        if (!model.config().attentionTaps() && model.config().attentionLayers() > 0) {
            throw new PairvizException("mode grad-rollout needs the gradient of every attention map, which pairviz cannot "
                    + "take inside " + model.source() + " (a " + model.config().kind() + " returns its attention maps as "
                    + "outputs): use integrated-gradients (what auto picks for it), grad-input or conservative");
        }
        for (ImageFeatures f : images) {
            if (f.rollout() == null) {
                throw new PairvizException("mode grad-rollout needs a transformer's attention; " + f.id()
                        + " was embedded by a CNN");
            }
        }
    }

    /**
     * Backward passes through {@code pass}: round k takes row r toward {@code rows.get(r).get(k)}
     * (a row with fewer asks gets a zero direction); the caller holds {@link GradientPass#LOCK}.
     */
    private static void rounds(EmbeddingModel model, GradientPass pass, List<List<Ask>> rows, ImageFeatures layout,
            RolloutSpec spec, Attribution[] out) {
        int layers = pass.trace().attentions().size();
        if (spec.startLayer() >= layers) {
            throw new PairvizException("start layer " + spec.startLayer() + " is past the last layer: the network has "
                    + layers + " layers, numbered 0 to " + (layers - 1));
        }
        int b = pass.batch();
        int e = layout.dim();
        int most = rows.stream().mapToInt(List::size).max().orElse(0);
        for (int k = 0; k < most; k++) {
            float[] d = GradientPass.roundDirections(b, e, rows, k, Ask::direction);
            try (NDManager round = model.manager().newSubManager()) {
                GradientPass.Gradients g = pass.backward(round, d);
                long t = pass.attention(layers - 1).getShape().get(2);
                NDArray eye = round.eye((int) t).reshape(new Shape(1, t, t));
                NDArray r = eye.repeat(0, b); // [B, T, T]
                for (int l = spec.startLayer(); l < layers; l++) {
                    NDArray weighted = g.attentionGradients().get(l).mul(pass.attention(l)).maximum(0f); // [B, H, T, T]
                    r = r.add(fuse(weighted, spec.fusion()).matMul(r));
                }
                NDArray gained = r.sub(eye); // [B, T, T]
                float[] v = readoutRows(gained, layout).toFloatArray(); // [B, T]
                for (int row = 0; row < rows.size(); row++) {
                    if (k < rows.get(row).size()) {
                        double[] cells = new double[(int) t];
                        for (int j = 0; j < t; j++) {
                            cells[j] = v[(int) (row * t + j)];
                        }
                        out[rows.get(row).get(k).out()] = Attribution.of(Explainer.onGrid(layout, cells));
                    }
                }
            }
        }
    }

    /** The mean of the rows the embedding reads (class token, readout tokens, or the patches): [B, T, T] -> [B, T] */
    private static NDArray readoutRows(NDArray gained, ImageFeatures f) {
        if (f.readoutTokens() == 1) {
            return gained.get(":, 0, :");
        }
        if (f.classToken()) {
            return gained.get(":, :" + f.readoutTokens() + ", :").mean(new int[] {1});
        }
        return f.prefixTokens() == 0 ? gained.mean(new int[] {1})
                : gained.get(":, " + f.prefixTokens() + ":, :").mean(new int[] {1});
    }

    /** [B, H, T, T] -> [B, T, T] */
    private static NDArray fuse(NDArray heads, HeadFusion fusion) {
        return switch (fusion) {
            case MEAN -> heads.mean(new int[] {1});
            case MIN -> heads.min(new int[] {1});
            case MAX -> heads.max(new int[] {1});
        };
    }

    @Override
    public boolean rolloutApplied(ImageFeatures image, ExplainOptions options) {
        return true;
    }
}

package pairviz.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
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
 */
final class GradientRollout implements MapMethod {
    static final GradientRollout INSTANCE = new GradientRollout();
    /** Images per backward pass. */
    static final int BATCH = 8;

    private GradientRollout() {}

    @Override
    public List<Attribution> maps(List<ImageFeatures> images, List<Target> targets, ExplainOptions options) {
        EmbeddingModel model = GradientPass.modelOf(images, Mode.GRAD_ROLLOUT);
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
        List<Attribution> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += BATCH) {
            int to = Math.min(images.size(), from + BATCH);
            out.addAll(batch(model, images.subList(from, to), targets.subList(from, to), options.rollout()));
        }
        return out;
    }

    private static List<Attribution> batch(EmbeddingModel model, List<ImageFeatures> images, List<Target> targets,
            RolloutSpec spec) {
        try (NDManager sub = model.manager().newSubManager()) {
            GradientPass.Result pass = GradientPass.run(model, sub,
                    images.stream().map(f -> f.input().pixels()).toList(),
                    targets.stream().map(Target::direction).toList(), true);
            int layers = pass.attentions().size();
            if (spec.startLayer() >= layers) {
                throw new PairvizException("start layer " + spec.startLayer() + " is past the last layer: the network has "
                        + layers + " layers, numbered 0 to " + (layers - 1));
            }
            long b = images.size();
            long t = pass.attentions().get(0).getShape().get(2);
            NDArray eye = sub.eye((int) t).reshape(new Shape(1, t, t));
            NDArray r = eye.repeat(0, b); // [B, T, T]
            for (int l = spec.startLayer(); l < layers; l++) {
                NDArray weighted = pass.attentionGradients().get(l).mul(pass.attentions().get(l)).maximum(0f); // [B, H, T, T]
                r = r.add(fuse(weighted, spec.fusion()).matMul(r));
            }
            NDArray gained = r.sub(eye); // [B, T, T]
            NDArray relevance = readoutRows(gained, images.get(0)); // [B, T]
            float[] v = relevance.toFloatArray();
            List<Attribution> out = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                double[] row = new double[(int) t];
                for (int j = 0; j < t; j++) {
                    row[j] = v[(int) (i * t + j)];
                }
                out.add(Attribution.of(Explainer.onGrid(images.get(i), row)));
            }
            return out;
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

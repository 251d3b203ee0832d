package pairviz.explain;

import java.util.List;
import pairviz.model.FiniteOutput;

/**
 * The pipeline every similarity explainer shares: an image's similarity to a {@link Target} made
 * into a map on the image's patch grid by the {@link Mode}'s {@link MapMethod} (the paper's
 * decomposition and rollout, or a gradient method; docs/reference.md).
 */
public abstract class Explainer {
    protected final ExplainOptions options;
    /** Whether this explainer has warned about integrated gradients' completeness ({@link CompletenessWarning}). */
    final java.util.concurrent.atomic.AtomicBoolean warned = new java.util.concurrent.atomic.AtomicBoolean();

    protected Explainer(ExplainOptions options) {
        this.options = options;
    }

    public ExplainOptions options() {
        return options;
    }

    /** {@code unit(beta) . direction}: the similarity a map toward {@code target} explains. */
    protected static double score(ImageFeatures image, Target target) {
        return Vectors.dot(image.unit(), target.direction());
    }

    /**
     * The maps of each image toward its own target, in as few network passes as the mode allows.
     *
     * @throws pairviz.BadParameterException naming the image whose map holds a NaN or infinite value
     */
    protected final List<Attribution> maps(List<ImageFeatures> images, List<Target> targets) {
        ExplainOptions o = options.resolve(images.get(0));
        if (o.mode().needsAttention()) {
            for (ImageFeatures f : images) {
                requireRollout(f, o.rollout());
            }
        }
        List<Attribution> maps = o.mode().method().maps(images, targets, o);
        for (int i = 0; i < maps.size(); i++) {
            FiniteOutput.requireMap(maps.get(i).map().values(), "the map of " + images.get(i).id());
        }
        return maps;
    }

    /**
     * One source of rollout settings: the rollout matrix of features is fixed when they are
     * extracted, and grad-rollout takes its settings from the options, so the two must agree.
     */
    private static void requireRollout(ImageFeatures f, RolloutSpec asked) {
        if (f.rolloutSpec() != null && !f.rolloutSpec().equals(asked)) {
            throw new pairviz.PairvizException("the features of " + f.id() + " were extracted with head fusion "
                    + f.rolloutSpec().fusion().id() + " from layer " + f.rolloutSpec().startLayer()
                    + ", but the map asks for head fusion " + asked.fusion().id() + " from layer " + asked.startLayer()
                    + ": extract them with the explainer's options (new FeatureExtractor(model, options))");
        }
    }

    /** The map of {@code image} toward {@code target}. */
    protected final Attribution map(ImageFeatures image, Target target) {
        return maps(List.of(image), List.of(target)).get(0);
    }

    /** Drops the prefix tokens (class, distillation, registers), if any, and shapes the rest as the K x K grid. */
    static Heatmap onGrid(ImageFeatures image, double[] tokenValues) {
        int offset = image.prefixTokens();
        float[] v = new float[image.gridRows() * image.gridCols()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) tokenValues[offset + i];
        }
        return new Heatmap(image.gridRows(), image.gridCols(), v);
    }

    /** Whether a rollout was applied to maps of this image under these options. */
    protected boolean rolloutApplied(ImageFeatures image) {
        ExplainOptions o = options.resolve(image);
        return o.mode().method().rolloutApplied(image, o);
    }
}

package pairviz.explain;

import java.util.List;

/**
 * Paired similarity maps (the paper's method): the map of A measured against B's embedding and
 * the map of B measured against A's. In the decomposition modes this costs no forward pass: each
 * image's features are computed once and can be paired with any number of partners. A gradient
 * mode runs backward passes: grad-rollout one per map, through the image's forward pass kept by the
 * extractor (or run once now for images it no longer keeps); {@link #explainPairs} schedules many
 * pairs at once, one forward pass per distinct image.
 */
public final class PairExplainer extends Explainer {

    public PairExplainer(ExplainOptions options) {
        super(options);
    }

    /** Explains the similarity of {@code a} and {@code b}. */
    public PairExplanation explain(ImageFeatures a, ImageFeatures b) {
        return explainPairs(List.of(a), List.of(b)).get(0);
    }

    /**
     * Explains the pairs {@code (as[k], bs[k])} together: in a gradient mode each distinct image
     * goes forward once, whatever the number of its partners (a matrix of N images: N forward
     * passes and one backward pass per map, batched).
     */
    public List<PairExplanation> explainPairs(List<ImageFeatures> as, List<ImageFeatures> bs) {
        if (as.size() != bs.size()) {
            throw new IllegalArgumentException(as.size() + " first images but " + bs.size() + " second ones");
        }
        if (as.isEmpty()) {
            return List.of();
        }
        List<ImageFeatures> images = new java.util.ArrayList<>(2 * as.size());
        List<Target> targets = new java.util.ArrayList<>(2 * as.size());
        for (int k = 0; k < as.size(); k++) {
            images.add(as.get(k));
            images.add(bs.get(k));
            targets.add(Target.partner(bs.get(k)));
            targets.add(Target.partner(as.get(k)));
        }
        List<Attribution> m = maps(images, targets);
        List<PairExplanation> out = new java.util.ArrayList<>(as.size());
        for (int k = 0; k < as.size(); k++) {
            ImageFeatures a = as.get(k);
            Attribution ma = m.get(2 * k);
            Attribution mb = m.get(2 * k + 1);
            PairExplanation e = new PairExplanation(a.id(), bs.get(k).id(), score(a, targets.get(2 * k)), ma.map(), mb.map(),
                    options.resolve(a), rolloutApplied(a), ma.baseline(), mb.baseline());
            CompletenessWarning.check(warned, e.gapA(), e.score() - e.baselineA(), e.options().integratedGradients());
            CompletenessWarning.check(warned, e.gapB(), e.score() - e.baselineB(), e.options().integratedGradients());
            out.add(e);
        }
        return out;
    }

    /** The map of {@code a} given {@code b} alone (half the work of {@link #explain} in a gradient mode). */
    public Heatmap mapOf(ImageFeatures a, ImageFeatures b) {
        return map(a, Target.partner(b)).map();
    }
}

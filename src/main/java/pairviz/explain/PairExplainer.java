package pairviz.explain;

import java.util.List;

/**
 * Paired similarity maps (the paper's method): the map of A measured against B's embedding and
 * the map of B measured against A's. In the decomposition modes this costs no forward pass: each
 * image's features are computed once and can be paired with any number of partners. A gradient
 * mode runs both images forward and backward once more, together.
 */
public final class PairExplainer extends Explainer {

    public PairExplainer(ExplainOptions options) {
        super(options);
    }

    /** Explains the similarity of {@code a} and {@code b}. */
    public PairExplanation explain(ImageFeatures a, ImageFeatures b) {
        Target towardB = Target.partner(b);
        List<Attribution> m = maps(List.of(a, b), List.of(towardB, Target.partner(a)));
        PairExplanation e = new PairExplanation(a.id(), b.id(), score(a, towardB), m.get(0).map(), m.get(1).map(),
                options.resolve(a), rolloutApplied(a), m.get(0).baseline(), m.get(1).baseline());
        CompletenessWarning.check(warned, e.gapA(), e.score() - e.baselineA(), e.options().integratedGradients());
        CompletenessWarning.check(warned, e.gapB(), e.score() - e.baselineB(), e.options().integratedGradients());
        return e;
    }

    /** The map of {@code a} given {@code b} alone (half the work of {@link #explain} in a gradient mode). */
    public Heatmap mapOf(ImageFeatures a, ImageFeatures b) {
        return map(a, Target.partner(b)).map();
    }
}

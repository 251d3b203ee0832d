package pairviz.explain;

/**
 * Paired similarity maps (the paper's method): the map of A measured against B's embedding and
 * the map of B measured against A's. Costs no forward pass: each image's features are computed
 * once and can be paired with any number of partners.
 */
public final class PairExplainer extends Explainer {

    public PairExplainer(ExplainOptions options) {
        super(options);
    }

    /** Explains the similarity of {@code a} and {@code b}. */
    public PairExplanation explain(ImageFeatures a, ImageFeatures b) {
        Target towardB = Target.partner(b);
        return new PairExplanation(a.id(), b.id(), score(a, towardB), map(a, towardB), map(b, Target.partner(a)),
                options, rolloutApplied(a));
    }
}

package pairviz.explain;

import java.util.List;

/**
 * Class similarity maps: where a query is similar to a whole class of gallery images. Because a
 * paired map is linear in the partner's unit embedding, the sum of the paired maps against every
 * member is one map against the sum of their unit embeddings; the gallery needs embeddings only.
 */
public final class ClassMapExplainer extends Explainer {

    public ClassMapExplainer(ExplainOptions options) {
        super(options);
    }

    /** The class map of {@code query} against the embeddings of the class's gallery images. */
    public ClassMap explain(ImageFeatures query, List<float[]> memberEmbeddings) {
        Target cls = Target.sumOf(memberEmbeddings);
        Attribution a = map(query, cls);
        ClassMap m = new ClassMap(query.id(), a.map(), score(query, cls), memberEmbeddings.size(), options.resolve(query),
                a.baseline());
        CompletenessWarning.check(warned, m.gap(), m.score() - m.baseline(), m.options().integratedGradients());
        return m;
    }
}

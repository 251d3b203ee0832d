package pairviz.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import pairviz.data.Sample;
import pairviz.explain.ExplainOptions;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplainer;
import pairviz.eval.Gallery;
import pairviz.figures.Panels;
import pairviz.figures.QueryMatches;
import pairviz.figures.RetrievalFigure;
import pairviz.loading.EmbeddingModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pairviz retrieve}: paper figure 9, a query's top matches and their maps, for one or two models. */
@Command(name = "retrieve", mixinStandardHelpOptions = true,
        description = {"Paper figure 9: the query's top matches in --gallery (its own file left out), each with its map"
                + " given the query and a green border if its label is the query's (red if not); below, the query's map"
                + " given each match. --weights2 adds the same rows for a second model (its rows below the first's)."})
public final class RetrieveCommand implements Callable<Integer> {
    @Mixin ModelMixin model;
    @Mixin MapMixin maps;
    @Mixin ColormapMixin pictures;
    @Mixin GalleryMixin gallery;
    @Mixin FigureOutput output;
    @Mixin PanelMixin panels;
    @Mixin SecondModelMixin model2;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The query image.")
    Path query;

    @Option(names = "--label", paramLabel = "L", description = "The query's label. Default: its label in the gallery, if it is there.")
    String label;

    @Option(names = "--top", defaultValue = "4", paramLabel = "K", description = "Matches to show. Default: ${DEFAULT-VALUE}.")
    int top;

    /** The old name of {@code --weights2} here, kept working but no longer listed. */
    @Option(names = "--compare", paramLabel = "W2", hidden = true, description = "Deprecated: --weights2.")
    Path compare;

    @Override
    public Integer call() {
        output.requireWritable("retrieve", query, model.weights, model2.weights, compare);
        FigureOutput.requireTop(top);
        int panel = panels.panel();
        ImageChecks.requireImage(query);
        List<Sample> samples = gallery.samples();
        ExplainOptions options = maps.options();
        List<QueryMatches> rows = new ArrayList<>();
        String queryLabel = label;
        try (EmbeddingModel m = model.load()) {
            QueryMatches r = retrieve(m, model.weights, samples, options, label);
            queryLabel = r.label();
            rows.add(r);
        }
        if (compare != null && model2.weights == null) {
            model2.weights = compare;
        }
        if (model2.given()) {
            try (EmbeddingModel m = model2.load(model.precision)) {
                rows.add(retrieve(m, model2.weights, samples, options, queryLabel));
            }
        }
        if (queryLabel == null) {
            System.err.println("pairviz: the query's label is unknown (not in the gallery, no --label): matches are not marked right or wrong");
        }
        RetrievalFigure fig = new RetrievalFigure(query, queryLabel, rows);
        output.write("retrieve", fig.draw(pictures.colormap(), panel), fig.toJson());
        return 0;
    }

    private QueryMatches retrieve(EmbeddingModel m, Path weights, List<Sample> samples, ExplainOptions options, String given) {
        ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(m, options.rollout()), m.preprocessing().norm(),
                model.batch, top + 1);
        Gallery g = GalleryMixin.embed(samples, m, m.preprocessing().norm(), model.batch);
        return QueryMatches.of(Panels.modelName(weights), query, g.labelOf(query, given), g, embedder,
                new PairExplainer(options), top);
    }
}

package pairviz.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pairviz.data.Dataset;
import pairviz.data.Sample;
import pairviz.gallery.Gallery;
import pairviz.figures.Panels;
import pairviz.figures.QueryMatches;
import pairviz.figures.RetrievalFigure;
import pairviz.loading.EmbeddingModel;
import pairviz.session.ExplainSession;
import pairviz.util.AtomicFiles;
import pairviz.util.JsonFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pairviz retrieve}: paper figure 9, a query's top matches and their maps, for one or two models. */
@Command(name = "retrieve", mixinStandardHelpOptions = true,
        description = {"Paper figure 9: the query's top matches in --gallery (its own file left out), each with its map"
                + " given the query and a green border if its label is the query's (red if not); below, the query's map"
                + " given each match. --weights2 adds the same rows for a second model (its rows below the first's)."})
public final class RetrieveCommand extends PairvizCommand {
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

    @Option(names = "--jsonl", paramLabel = "FILE",
            description = "Also write the ranked list as JSON lines, one match per line (model, rank, path, label, score);"
                    + " - for standard output.")
    Path jsonl;

    /** The old name of {@code --weights2} here, kept working but no longer listed. */
    @Option(names = "--compare", paramLabel = "W2", hidden = true, description = "Deprecated: --weights2.")
    Path compare;

    @Override
    public Integer call() {
        output.requireWritable("retrieve", query, model.weights, model2.weights, compare);
        OutputChecks.requireWritableFile("--jsonl", jsonl, java.util.Arrays.asList(query, model.weights));
        FigureOutput.requireTop(top);
        int panel = panels.panel();
        ImageChecks.requireImage(query);
        List<Sample> samples = gallery.samples();
        maps.options(); // the map flags checked before the model loads
        if (compare != null && model2.weights == null) {
            model2.weights = compare;
        }
        List<QueryMatches> rows = new ArrayList<>();
        String queryLabel = label;
        boolean attention;
        try (EmbeddingModel m = model.load()) {
            attention = m.config().attentionLayers() > 0;
            // with a second model, the rollout flags need fit only one of the two: checked on the second
            QueryMatches r = retrieve(session(m, model, maps, top + 1, !model2.given()), model.weights, samples, label);
            queryLabel = r.label();
            rows.add(r);
        }
        if (model2.given()) {
            try (EmbeddingModel m = model2.load(model.precision)) {
                rows.add(retrieve(session(m, model, maps, top + 1, !attention), model2.weights, samples, queryLabel));
            }
        }
        if (queryLabel == null) {
            note(Dataset.labelled(samples)
                    ? "the query's label is unknown (not in the gallery, no --label): matches are not marked right or wrong"
                    : "the gallery's images have no labels (a flat folder): matches are not marked right or wrong");
        }
        RetrievalFigure fig = new RetrievalFigure(query, queryLabel, rows);
        output.stdoutTaken = AtomicFiles.isStdout(jsonl);
        output.write("retrieve", fig.draw(pictures.colormap(), panel), fig.toJson());
        printRanking(rows);
        return 0;
    }

    /**
     * The ranked list, one match per line: rank, path, label ({@code -} for none) and score,
     * tab-separated (a {@code # model} line before each model's when there are two); and as JSON lines.
     */
    private void printRanking(List<QueryMatches> rows) {
        PrintWriter say = output.info();
        List<Object> records = new ArrayList<>();
        for (QueryMatches row : rows) {
            if (rows.size() > 1) {
                say.println("# " + row.model());
            }
            for (int i = 0; i < row.matches().size(); i++) {
                Gallery.Match match = row.matches().get(i);
                String label = match.sample().labelled() ? match.sample().label() : null;
                say.printf(Locale.ROOT, "%d\t%s\t%s\t%.6f%n", i + 1, match.path(), label == null ? "-" : label,
                        match.score());
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("model", row.model());
                o.put("rank", i + 1);
                o.put("path", match.path().toString());
                o.put("label", label);
                o.put("score", match.score());
                o.put("correct", row.correct(i));
                records.add(o);
            }
        }
        if (jsonl != null) {
            JsonFiles.writeLines(jsonl, records);
        }
    }

    private QueryMatches retrieve(ExplainSession session, Path weights, List<Sample> samples, String given) {
        EmbeddingModel m = session.model();
        Gallery g = GalleryMixin.embed(samples, m, m.preprocessing(), model.batch, err());
        return QueryMatches.of(Panels.modelName(weights), query, g.labelOf(query, given), g, session.embedder(),
                session.pairExplainer(), top);
    }
}

package pairviz.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pairviz.data.Sample;
import pairviz.train.Checkpoint;
import pairviz.figures.EvolutionFigure;
import pairviz.gallery.Gallery;
import pairviz.figures.QueryMatches;
import pairviz.loading.EmbeddingModel;
import pairviz.session.ExplainSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pairviz evolution}: paper figure 6, a query's matches and maps at each checkpoint of a training run. */
@Command(name = "evolution", mixinStandardHelpOptions = true,
        description = "Paper figure 6: one row per checkpoint (in order of training iteration), each the query's top"
                + " matches in --gallery with their maps given the query and green/red borders.")
public final class EvolutionCommand extends PairvizCommand {
    @Mixin NetworkMixin network;
    @Mixin MapMixin maps;
    @Mixin ColormapMixin pictures;
    @Mixin GalleryMixin gallery;
    @Mixin FigureOutput output;
    @Mixin PanelMixin panels;

    @Option(names = "--checkpoints", required = true, split = ",", paramLabel = "DIR|FILE",
            description = "A run's checkpoint folder (every *.safetensors but the *.train.safetensors optimizer states),"
                    + " or checkpoint files (repeat the option, or separate with commas).")
    List<Path> checkpoints;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The query image.")
    Path query;

    @Option(names = "--label", paramLabel = "L", description = "The query's label. Default: its label in the gallery, if it is there.")
    String label;

    @Option(names = "--top", defaultValue = "3", paramLabel = "K", description = "Matches per checkpoint. Default: ${DEFAULT-VALUE}.")
    int top;

    @Override
    public Integer call() {
        output.requireWritable("evolution", query);
        FigureOutput.requireTop(top);
        int panel = panels.panel();
        ImageChecks.requireImage(query);
        List<Checkpoint> list = Checkpoint.list(checkpoints);
        List<Sample> samples = gallery.samples();
        maps.options(); // the map flags checked before any checkpoint loads
        List<EvolutionFigure.Step> steps = new ArrayList<>();
        String queryLabel = label;
        for (Checkpoint c : list) {
            // one checkpoint in native memory at a time
            try (EmbeddingModel m = network.load(c.weights())) {
                ExplainSession session = session(m, network, maps, top + 1);
                Gallery g = GalleryMixin.embed(samples, m, m.preprocessing(), network.batch, err());
                queryLabel = g.labelOf(query, label);
                steps.add(new EvolutionFigure.Step(c.weights(), c.iteration(), QueryMatches.of(
                        EvolutionFigure.Step.name(c.weights(), c.iteration()), query, queryLabel, g, session.embedder(),
                        session.pairExplainer(), top)));
            }
            note(String.format("%s done (%d of %d)", steps.get(steps.size() - 1).name(), steps.size(), list.size()));
        }
        EvolutionFigure fig = new EvolutionFigure(query, queryLabel, steps);
        output.write("evolution", fig.draw(pictures.colormap(), panel), fig.toJson());
        return 0;
    }
}

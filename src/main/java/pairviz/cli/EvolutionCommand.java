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
import pairviz.figures.Checkpoint;
import pairviz.figures.EvolutionFigure;
import pairviz.eval.Gallery;
import pairviz.figures.QueryMatches;
import pairviz.loading.EmbeddingModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pairviz evolution}: paper figure 6, a query's matches and maps at each checkpoint of a training run. */
@Command(name = "evolution", mixinStandardHelpOptions = true,
        description = "Paper figure 6: one row per checkpoint (in order of training iteration), each the query's top"
                + " matches in --gallery with their maps given the query and green/red borders.")
public final class EvolutionCommand implements Callable<Integer> {
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
        ExplainOptions options = maps.options();
        List<EvolutionFigure.Step> steps = new ArrayList<>();
        String queryLabel = label;
        for (Checkpoint c : list) {
            // one checkpoint in native memory at a time
            try (EmbeddingModel m = network.load(c.weights())) {
                ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(m, options),
                        m.preprocessing(), network.batch, top + 1);
                Gallery g = GalleryMixin.embed(samples, m, m.preprocessing(), network.batch);
                queryLabel = g.labelOf(query, label);
                steps.add(new EvolutionFigure.Step(c,
                        QueryMatches.of(c.name(), query, queryLabel, g, embedder, new PairExplainer(options), top)));
            }
            System.err.printf("pairviz: %s done (%d of %d)%n", c.name(), steps.size(), list.size());
        }
        EvolutionFigure fig = new EvolutionFigure(query, queryLabel, steps);
        output.write("evolution", fig.draw(pictures.colormap(), panel), fig.toJson());
        return 0;
    }
}

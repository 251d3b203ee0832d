package pairviz.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import pairviz.PairvizException;
import pairviz.explain.ExplainOptions;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplainer;
import pairviz.figures.ComparisonFigure;
import pairviz.figures.Panels;
import pairviz.loading.EmbeddingModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pairviz compare}: paper figures 7 and 8, the same pairs under two models and beside rollout maps. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Paper figures 7 and 8: for each pair a row of A, B, A's map given B and B's given A under"
                + " --weights and (if given) --weights2, and with --rollout the output-agnostic rollout maps of A and B"
                + " under --weights.")
public final class CompareCommand implements Callable<Integer> {
    @Mixin ModelMixin model;
    @Mixin SecondModelMixin model2;
    @Mixin MapMixin maps;
    @Mixin ColormapMixin pictures;
    @Mixin FigureOutput output;
    @Mixin PanelMixin panels;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Parameters(arity = "2", paramLabel = "IMAGE", description = "The two images A and B.")
        List<Path> pair;

        @Option(names = "--pairs", paramLabel = "FILE",
                description = "A file of pairs, one 'A B' per line (paths relative to the file's folder or absolute); # starts a comment.")
        Path pairsFile;
    }


    @Option(names = "--rollout", description = "Also draw the output-agnostic rollout maps of A and B under --weights (a transformer).")
    boolean rollout;

    @Override
    public Integer call() {
        output.requireWritable("compare", model.weights, model2.weights, input.pairsFile);
        int panel = panels.panel();
        List<Path[]> pairs = input.pairsFile != null
                ? PairsFile.readAll(input.pairsFile)
                : List.<Path[]>of(new Path[] {input.pair.get(0), input.pair.get(1)});
        for (Path[] p : pairs) {
            ImageChecks.requireImage(p[0]);
            ImageChecks.requireImage(p[1]);
        }
        ExplainOptions options = maps.options();
        List<ComparisonFigure.ModelMaps> models = new ArrayList<>();
        try (EmbeddingModel m = model.load()) {
            if (rollout && m.config().attentionLayers() == 0) {
                throw new PairvizException("--rollout needs a transformer as --weights; " + model.weights.getFileName() + " is a CNN");
            }
            models.add(maps(m, model.weights, pairs, options, rollout));
        }
        if (model2.given()) {
            try (EmbeddingModel m = model2.load(model.precision)) {
                models.add(maps(m, model2.weights, pairs, options, false));
            }
        }
        ComparisonFigure fig = new ComparisonFigure(pairs, models);
        output.write("compare", fig.draw(pictures.colormap(), panel), fig.toJson());
        return 0;
    }

    private ComparisonFigure.ModelMaps maps(EmbeddingModel m, Path weights, List<Path[]> pairs, ExplainOptions options,
            boolean withRollout) {
        ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(m, options), m.preprocessing(),
                model.batch, 2 * pairs.size());
        return ComparisonFigure.ModelMaps.of(Panels.modelName(weights), pairs, embedder, new PairExplainer(options), withRollout);
    }
}

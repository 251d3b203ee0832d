package pairviz.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pairviz.PairvizException;
import pairviz.figures.ComparisonFigure;
import pairviz.figures.Panels;
import pairviz.loading.EmbeddingModel;
import pairviz.session.ExplainSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pairviz compare}: paper figures 7 and 8, the same pairs under two models and beside rollout maps. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Paper figures 7 and 8: for each pair a row of A, B, A's map given B and B's given A under"
                + " --weights and (if given) --weights2, and with --rollout the output-agnostic rollout maps of A and B"
                + " under --weights.")
public final class CompareCommand extends PairvizCommand {
    @Mixin ModelMixin model;
    @Mixin SecondModelMixin model2;
    @Mixin MapMixin maps;
    @Mixin ColormapMixin pictures;
    @Mixin FigureOutput output;
    @Mixin PanelMixin panels;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PairInput input;

    @Option(names = "--rollout", description = "Also draw the output-agnostic rollout maps of A and B under --weights (a transformer).")
    boolean rollout;

    @Override
    public Integer call() {
        output.requireWritable("compare", model.weights, model2.weights, input.file());
        int panel = panels.panel();
        List<Path[]> pairs = input.all();
        maps.options(); // the map flags checked before the model loads
        List<ComparisonFigure.ModelMaps> models = new ArrayList<>();
        boolean attention;
        try (EmbeddingModel m = model.load()) {
            attention = m.config().attentionLayers() > 0;
            if (rollout && !attention) {
                throw new PairvizException("--rollout needs a transformer as --weights; " + model.weights.getFileName() + " is a CNN");
            }
            // with a second model, the rollout flags need fit only one of the two: checked on the second
            models.add(maps(session(m, model, maps, 2 * pairs.size(), !model2.given()), model.weights, pairs, rollout));
        }
        if (model2.given()) {
            try (EmbeddingModel m = model2.load(model.precision)) {
                models.add(maps(session(m, model, maps, 2 * pairs.size(), !attention), model2.weights, pairs, false));
            }
        }
        ComparisonFigure fig = new ComparisonFigure(pairs, models);
        output.write("compare", fig.draw(pictures.colormap(), panel), fig.toJson());
        return 0;
    }

    private static ComparisonFigure.ModelMaps maps(ExplainSession session, Path weights, List<Path[]> pairs,
            boolean withRollout) {
        return ComparisonFigure.ModelMaps.of(Panels.modelName(weights), pairs, session.embedder(), session.pairExplainer(),
                withRollout);
    }
}

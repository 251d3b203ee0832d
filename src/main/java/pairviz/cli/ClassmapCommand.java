package pairviz.cli;

import java.nio.file.Path;
import pairviz.PairvizException;
import pairviz.figures.ClassMapFigure;
import pairviz.gallery.Gallery;
import pairviz.loading.EmbeddingModel;
import pairviz.session.ExplainSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pairviz classmap}: paper figure 5, where a query is similar to whole classes of the gallery. */
@Command(name = "classmap", mixinStandardHelpOptions = true,
        description = "Paper figure 5: the query's class similarity maps (the sum of its maps given every gallery image"
                + " of a class, its own file left out) for its own class and the classes most similar to it on average.")
public final class ClassmapCommand extends PairvizCommand {
    @Mixin ModelMixin model;
    @Mixin MapMixin maps;
    @Mixin ColormapMixin pictures;
    @Mixin GalleryMixin gallery;
    @Mixin FigureOutput output;
    @Mixin PanelMixin panels;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The query image.")
    Path query;

    @Option(names = "--label", paramLabel = "L", description = "The query's class. Default: its label in the gallery, if it is there.")
    String label;

    @Option(names = "--classes", defaultValue = "3", paramLabel = "N",
            description = "Classes to show besides the query's own: those of highest mean similarity. Default: ${DEFAULT-VALUE}.")
    int classes;

    @Override
    public Integer call() {
        output.requireWritable("classmap", query, model.weights);
        if (classes < 0) {
            throw new PairvizException("--classes must not be negative, not " + classes);
        }
        int panel = panels.panel();
        ImageChecks.requireImage(query);
        var samples = gallery.labelledSamples("classmap");
        maps.options(); // the map flags checked before the model loads
        ClassMapFigure fig;
        try (EmbeddingModel m = model.load()) {
            ExplainSession session = session(m, model, maps, 0);
            Gallery g = GalleryMixin.embed(samples, m, m.preprocessing(), model.batch, err());
            String own = g.labelOf(query, label);
            if (label != null && g.memberIndices(label, query).isEmpty()) {
                throw new PairvizException("--label " + label + ": the gallery " + gallery.gallery + " has no other image of that class");
            }
            fig = ClassMapFigure.of(query, own, g, session.embedder(), session.classMapExplainer(), classes);
        }
        if (fig.classes().isEmpty()) {
            throw new PairvizException("nothing to draw: the gallery " + gallery.gallery + " has no image besides the query"
                    + (classes == 0 ? " of its class (and --classes is 0)" : ""));
        }
        output.write("classmap", fig.draw(pictures.colormap(), panel), fig.toJson());
        return 0;
    }
}

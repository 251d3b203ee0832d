package pairviz.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pairviz.PairvizException;
import pairviz.data.DatasetFormat;
import pairviz.data.Sample;
import pairviz.data.scenes.SceneDataset;
import pairviz.gallery.Gallery;
import pairviz.figures.Panels;
import pairviz.figures.PoseSimilarity;
import pairviz.loading.EmbeddingModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pairviz pose}: paper figure 10, how alike in content and layout each model's top matches are. */
@Command(name = "pose", mixinStandardHelpOptions = true,
        description = {"Paper figure 10 (pose similarity): for each model, the mean over queries of the dot product of the"
                + " query's and its rank-r match's class histograms, r = 1..--top; every image of --data queries the others.",
                "A class histogram counts the pixels of each label 1..255 of the image's segmentation (an 8-bit"
                + " single-channel PNG label map; 0 = background, left out) and is L2-normalised.",
                "Label maps: a scenes folder's own (DIR/segmentation/<class>/<i>.png), or --segmentation SEG mirroring"
                + " the image tree (DATA/a/b.jpg -> SEG/a/b.png)."})
public final class PoseCommand extends PairvizCommand {
    @Mixin ModelMixin model;
    @Mixin SecondModelMixin model2;
    @Mixin DataMixin data;
    @Mixin FigureOutput output;


    @Option(names = "--segmentation", paramLabel = "DIR", description = "Label maps mirroring --data's image tree. Default: a scenes folder's own.")
    Path segmentation;

    @Option(names = "--top", defaultValue = "10", paramLabel = "K", description = "Ranks of the curve. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--queries", paramLabel = "N", description = "Queries, spread evenly over the data. Default: every image.")
    Integer queries;



    @Override
    public Integer call() {
        output.requireWritable("pose", model.weights, model2.weights);
        FigureOutput.requireTop(top);
        if (queries != null && queries < 1) {
            throw new PairvizException("--queries must be at least 1, not " + queries);
        }
        List<Sample> samples = data.labelledSamples("pose");
        PoseSimilarity.HistogramCache histograms = new PoseSimilarity.HistogramCache(segmentations());
        histograms.of(samples.get(0)); // a missing or bad label map fails before any model is loaded
        int n = queries == null ? Integer.MAX_VALUE : queries;
        List<PoseSimilarity.Curve> curves = new ArrayList<>();
        try (EmbeddingModel m = model.load()) {
            curves.add(PoseSimilarity.curve(Panels.modelName(model.weights), gallery(m, samples), histograms, n, top));
        }
        if (model2.given()) {
            try (EmbeddingModel m = model2.load(model.precision)) {
                curves.add(PoseSimilarity.curve(Panels.modelName(model2.weights), gallery(m, samples), histograms, n, top));
            }
        }
        PoseSimilarity fig = new PoseSimilarity(top, curves);
        output.write("pose", fig.draw(), fig.toJson());
        return 0;
    }

    private Gallery gallery(EmbeddingModel m, List<Sample> samples) {
        return GalleryMixin.embed(samples, m, m.preprocessing(), model.batch, err());
    }

    private PoseSimilarity.Segmentations segmentations() {
        if (segmentation != null) {
            if (!Files.isDirectory(segmentation)) {
                throw new PairvizException("--segmentation " + segmentation + " is not a folder");
            }
            return PoseSimilarity.Segmentations.mirror(data.data, segmentation);
        }
        boolean scenes = data.format.of(data.data) == DatasetFormat.SCENES;
        if (!scenes) {
            throw new PairvizException("--segmentation DIR is needed: " + data.data + " is not a scenes folder with label maps of its own");
        }
        return PoseSimilarity.Segmentations.scenes(SceneDataset.open(data.data));
    }
}

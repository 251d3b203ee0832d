package pairviz.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import pairviz.PairvizException;
import pairviz.explain.ExplainOptions;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.PairExplainer;
import pairviz.figures.SimilarityMatrix;
import pairviz.loading.EmbeddingModel;
import pairviz.render.Pictures;
import pairviz.util.AtomicFiles;
import pairviz.util.JsonFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pairviz matrix}: paper figure 1, every image's map with respect to every other. */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = "Paper figure 1: images on the diagonal, the map of row i given column j off it.")
public final class MatrixCommand implements Callable<Integer> {
    @Mixin ModelMixin model;
    @Mixin MapMixin maps;
    @Mixin ColormapMixin pictures;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Two or more images, or folders of images.")
    List<Path> images;

    @Option(names = "--out", defaultValue = "pairviz-out/matrix.png", paramLabel = "PNG", description = "The figure. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the scores and maps.")
    Path json;

    @Mixin PanelMixin panels;

    @Override
    public Integer call() {
        int panel = panels.panel();
        List<Path> images = DataMixin.imageFiles(this.images);
        if (images.size() < 2) {
            throw new PairvizException("matrix needs two or more images, not " + images.size());
        }
        images.forEach(ImageChecks::requireReadable);
        PanelMixin.check(panel);
        List<Path> inputs = new java.util.ArrayList<>(images);
        inputs.add(model.weights);
        OutputChecks.requireWritableFile("--out", out, inputs);
        OutputChecks.requireWritableFile("--json", json, inputs);
        ExplainOptions options = maps.options();
        try (EmbeddingModel m = model.load()) {
            maps.requireApplies(m);
            ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(m, options), m.preprocessing(),
                    model.batch, images.size());
            SimilarityMatrix matrix = SimilarityMatrix.of(images, embedder, new PairExplainer(options));
            Pictures.writePng(matrix.draw(embedder, pictures.colormap(), panel), out);
            if (json != null) {
                JsonFiles.write(json, matrix.toJson());
            }
        }
        if (!AtomicFiles.isStdout(out)) { // stdout may carry the JSON
            (AtomicFiles.isStdout(json) ? System.err : System.out).println(out.toAbsolutePath().normalize());
        }
        return 0;
    }
}

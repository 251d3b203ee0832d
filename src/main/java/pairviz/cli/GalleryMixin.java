package pairviz.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pairviz.util.TerminalProgress;
import pairviz.PairvizException;
import pairviz.data.Dataset;
import pairviz.data.Sample;
import pairviz.gallery.Gallery;
import pairviz.loading.EmbeddingModel;
import pairviz.image.Preprocessing;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The labelled image set that a query is retrieved from. */
final class GalleryMixin {
    @Option(names = "--gallery", required = true, paramLabel = "DIR",
            description = "Dataset folder to retrieve from (any --format; a scenes folder, or one folder per class).")
    Path gallery;

    @Mixin
    FormatMixin format;

    @Option(names = "--split", defaultValue = "classes:0.5", paramLabel = "RULE",
            description = "How a gallery without a fixed split is split (see --subset): classes:F or images:F. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--subset", defaultValue = "all", paramLabel = "test|train|all",
            description = "Which of the gallery's images to retrieve from. Default: ${DEFAULT-VALUE}.")
    String subset;

    /** The gallery's images; fails in one line if the folder is missing. */
    List<Sample> samples() {
        if (!Files.isDirectory(gallery)) {
            throw new PairvizException("gallery " + gallery + (Files.exists(gallery) ? " is not a folder" : " does not exist"));
        }
        return DataMixin.samples(gallery, format, split, subset);
    }

    /** The gallery's images, refused in one line when they have no labels ({@code what} needs them). */
    List<Sample> labelledSamples(String what) {
        List<Sample> s = samples();
        Dataset.requireLabels(s, what, gallery);
        return s;
    }

    /** Embeds {@code samples} with a progress bar on stderr; unreadable images are left out, said in one line on {@code err}. */
    static Gallery embed(List<Sample> samples, EmbeddingModel model, Preprocessing preprocessing, int batch, PrintWriter err) {
        List<String> skipped = new ArrayList<>();
        Gallery g;
        try (TerminalProgress bar = new TerminalProgress("gallery", "img")) {
            g = Gallery.embed(samples, model, preprocessing, batch, bar, skipped::add);
        }
        if (!skipped.isEmpty()) {
            err.printf("pairviz: left %d unreadable gallery images out, e.g. %s%n", skipped.size(), skipped.get(0));
        }
        return g;
    }
}

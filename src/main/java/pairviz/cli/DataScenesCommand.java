package pairviz.cli;

import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import pairviz.data.scenes.SceneSpec;
import pairviz.data.scenes.SceneWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pairviz data scenes}: writes the synthetic-scenes benchmark (images, instance masks,
 * semantic maps, object lists, manifest) to a folder.
 */
@Command(
        name = "scenes",
        mixinStandardHelpOptions = true,
        description = {
            "Generates synthetic scenes. Each class owns a few signature objects",
            "(shape x colour x texture); each image shows some of them plus shared",
            "distractors on a random background. Writes:",
            "  DIR/images/<class>/<i>.png        the picture",
            "  DIR/masks/<class>/<i>.png         0 = background, k = k-th object drawn",
            "  DIR/segmentation/<class>/<i>.png  0 = background, k = shape class k",
            "  DIR/objects/<class>/<i>.json      the objects, ids, boxes, visible pixels",
            "  DIR/scenes.json                   the options, catalog and version",
            "The same options give byte-identical files.",
            ""
        })
public final class DataScenesCommand extends PairvizCommand {

    /** Below this many images no progress bar is drawn. */
    static final int PROGRESS_MIN_IMAGES = 100;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (new or empty).")
    Path out;

    @Option(names = "--classes", paramLabel = "N", defaultValue = "50", description = "Number of classes (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--per-class", paramLabel = "M", defaultValue = "20", description = "Images per class (default ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--size", paramLabel = "S", defaultValue = "256", description = "Image width and height in pixels (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seed", paramLabel = "X", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--signatures", paramLabel = "MIN-MAX", defaultValue = "3-4",
            converter = Range.Whole.class, description = "Signature objects per class (default ${DEFAULT-VALUE}).")
    Range signatures;

    @Option(names = "--distractors", paramLabel = "MIN-MAX", defaultValue = "1-3",
            converter = Range.Whole.class, description = "Distractor objects per image (default ${DEFAULT-VALUE}).")
    Range distractors;

    @Option(names = "--distractor-pool", paramLabel = "K", defaultValue = "20",
            description = "Distractor objects shared by all classes (default ${DEFAULT-VALUE}).")
    int distractorPool;

    @Option(names = "--scale", paramLabel = "MIN-MAX", defaultValue = "0.08-0.16",
            converter = Range.Converter.class, description = "Object radius as a fraction of the image size (default ${DEFAULT-VALUE}).")
    Range scale;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: one per processor).")
    Integer threads;

    @Option(names = "--overwrite", description = "Replace an earlier scenes output in DIR.")
    boolean overwrite;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        SceneSpec sceneSpec = new SceneSpec(classes, perClass, size, seed, signatures.minInt(), signatures.maxInt(),
                distractorPool, distractors.minInt(), distractors.maxInt(), scale.min(), scale.max());
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        long total = sceneSpec.images();
        long start = System.nanoTime();
        SceneWriter.prepare(out, overwrite);
        if (quiet || total < PROGRESS_MIN_IMAGES) {
            SceneWriter.write(sceneSpec, out, workers, overwrite, () -> {});
        } else {
            try (ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName("scenes")
                    .setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(500)
                    .build()) {
                SceneWriter.write(sceneSpec, out, workers, overwrite, bar::step);
            }
        }
        out().printf("wrote %d images of %d classes (%dx%d, seed %d) to %s in %.1f s%n",
                total, classes, size, size, seed, out, (System.nanoTime() - start) / 1e9);
        out().flush();
        return 0;
    }
}

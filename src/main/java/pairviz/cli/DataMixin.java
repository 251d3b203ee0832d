package pairviz.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pairviz.PairvizException;
import pairviz.data.Dataset;
import pairviz.data.Sample;
import pairviz.data.Split;
import pairviz.data.Subset;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options that pick a dataset and which of its images to use. */
public final class DataMixin {
    @Option(names = "--data", paramLabel = "DIR", description = "Dataset folder.")
    Path data;

    @Mixin
    FormatMixin format = new FormatMixin();

    @Option(names = "--split", defaultValue = "classes:0.5", paramLabel = "RULE",
            description = "How datasets without a fixed split are split: classes:F (the first F of the classes train) or images:F. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--subset", paramLabel = "test|train|all",
            description = "Which images to use. Default: test (embed: all). A flat folder of images (no class folders)"
                    + " has no split: all its images are test images.")
    String subset;

    /** A dataset folder with the format detected and one subset. */
    static DataMixin of(Path data, String subset) {
        DataMixin d = new DataMixin();
        d.data = data;
        d.split = "classes:0.5";
        d.subset = subset;
        return d;
    }

    /** The dataset's images of the chosen subset (default: test), in the dataset's order. */
    public List<Sample> samples() {
        return chosen("test").samples();
    }

    /**
     * The dataset's images of the chosen subset, refused in one line when they have no labels.
     *
     * @param what what needs the labels, for the message ("evaluate")
     */
    public List<Sample> labelledSamples(String what) {
        List<Sample> s = samples();
        Dataset.requireLabels(s, what, data);
        return s;
    }

    /**
     * Images chosen from a dataset, and a line saying which images were left out and why (null
     * when none were).
     */
    record Chosen(List<Sample> samples, String leftOut) {}

    /** The images of {@code --subset}, or of {@code fallback} when it is not given, with what that leaves out. */
    Chosen chosen(String fallback) {
        if (data == null) {
            throw new PairvizException("--data is required");
        }
        String which = subset == null ? fallback : subset;
        Dataset d = format.of(data).read(data, Split.parse(split));
        List<Sample> out = Subset.parse(which).require(d, data);
        int total = d.train().size() + d.test().size();
        String leftOut = out.size() == total ? null
                : String.format("%d of the %d images of %s are in --subset %s (split %s); %d left out, --subset all"
                        + " takes them all", out.size(), total, data, which.toLowerCase(Locale.ROOT),
                        d.train().isEmpty() || d.test().isEmpty() ? "fixed" : split, total - out.size());
        return new Chosen(out, leftOut);
    }

    /**
     * Image files named on the command line, with each folder replaced by its images (a flat
     * folder's, or every image of a dataset pairviz reads there), in order.
     */
    static List<Path> imageFiles(List<Path> args) {
        List<Path> out = new ArrayList<>();
        for (Path p : args) {
            if (java.nio.file.Files.isDirectory(p)) {
                for (Sample s : samples(p, new FormatMixin(), "classes:0.5", "all")) {
                    out.add(s.path().orElseThrow(() -> new PairvizException(p + ": its images are not files")));
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /** The images of {@code subset} (test, train or all) of the dataset at {@code dir}. */
    static List<Sample> samples(Path dir, FormatMixin format, String split, String subset) {
        return Subset.parse(subset).read(dir, format.format, Split.parse(split));
    }
}

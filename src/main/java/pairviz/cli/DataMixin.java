package pairviz.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pairviz.PairvizException;
import pairviz.data.Dataset;
import pairviz.data.Sample;
import pairviz.data.Split;
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

    @Option(names = "--subset", defaultValue = "test", paramLabel = "test|train|all",
            description = "Which images to use. Default: ${DEFAULT-VALUE}.")
    String subset;

    /** A dataset folder with the format detected and one subset. */
    static DataMixin of(Path data, String subset) {
        DataMixin d = new DataMixin();
        d.data = data;
        d.split = "classes:0.5";
        d.subset = subset;
        return d;
    }

    /** The dataset's images of the chosen subset, in the dataset's order. */
    public List<Sample> samples() {
        if (data == null) {
            throw new PairvizException("--data is required");
        }
        return samples(data, format, split, subset);
    }

    /** The images of {@code subset} (test, train or all) of the dataset at {@code dir}. */
    static List<Sample> samples(Path dir, FormatMixin format, String split, String subset) {
        Dataset d = format.of(dir).read(dir, Split.parse(split));
        List<Sample> out = switch (subset.toLowerCase(Locale.ROOT)) {
            case "test" -> d.test();
            case "train" -> d.train();
            case "all" -> {
                List<Sample> all = new ArrayList<>(d.train());
                all.addAll(d.test());
                yield all;
            }
            default -> throw new PairvizException("unknown --subset '" + subset + "': use test, train or all");
        };
        if (out.isEmpty()) {
            throw new PairvizException("the " + subset + " images of " + dir + " are none");
        }
        return out;
    }
}

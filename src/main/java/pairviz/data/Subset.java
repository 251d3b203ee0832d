package pairviz.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pairviz.BadParameterException;
import pairviz.PairvizException;

/** Which of a dataset's images a task uses: its test split, its training split, or all of them. */
public enum Subset {
    /** The test split (a flat folder of images, having no split, is all test). */
    TEST,
    /** The training split. */
    TRAIN,
    /** Training then test images. */
    ALL;

    /**
     * The subset named {@code text} (test, train or all, in any case).
     *
     * @throws BadParameterException for any other name
     */
    public static Subset parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "test" -> TEST;
            case "train" -> TRAIN;
            case "all" -> ALL;
            default -> throw new BadParameterException("unknown {subset} '" + text + "': use test, train or all");
        };
    }

    /** The name {@link #parse} reads. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This subset of {@code d}, in the dataset's order (possibly empty). */
    public List<Sample> of(Dataset d) {
        return switch (this) {
            case TEST -> d.test();
            case TRAIN -> d.train();
            case ALL -> {
                List<Sample> all = new ArrayList<>(d.train());
                all.addAll(d.test());
                yield List.copyOf(all);
            }
        };
    }

    /**
     * This subset of {@code d}, read from {@code dir}, refused in one line when it has no image.
     *
     * @throws PairvizException saying why the subset is empty
     */
    public List<Sample> require(Dataset d, Path dir) {
        List<Sample> out = of(d);
        if (out.isEmpty()) {
            if (d.labelled()) {
                throw new PairvizException("the " + id() + " images of " + dir + " are none");
            }
            throw new BadParameterException(dir + " is a flat folder of images: it has no train/test split, all its"
                    + " images are {subset} test (or all)");
        }
        return out;
    }

    /**
     * This subset of the dataset at {@code dir}, read as {@code format} (detected when null) with the {@code split} rule for datasets that do not come split.
     */
    public List<Sample> read(Path dir, DatasetFormat format, Split split) {
        return require(DatasetFormat.resolve(format, dir).read(dir, split), dir);
    }
}

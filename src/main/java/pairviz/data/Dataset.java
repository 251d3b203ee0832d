package pairviz.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import pairviz.PairvizException;

/**
 * A dataset split into the images a model trains on and the images it is tested on.
 *
 * @param name a short name for messages and output folders (e.g. {@code sop})
 * @param train training images, in the dataset's own order
 * @param test test images (queries and gallery), in the dataset's own order
 * @param missing how many images the dataset's index files list but that are not on disk; they
 *     are left out of {@code train} and {@code test} (e.g. Hotels-50k images whose download
 *     failed)
 */
public record Dataset(String name, List<Sample> train, List<Sample> test, int missing) {

    public Dataset {
        train = List.copyOf(train);
        test = List.copyOf(test);
        if (missing < 0) {
            throw new IllegalArgumentException("missing < 0");
        }
    }

    /** A dataset with nothing missing. */
    public Dataset(String name, List<Sample> train, List<Sample> test) {
        this(name, train, test, 0);
    }

    /**
     * Several datasets as one, for training on all of them: their classes are kept apart (a label
     * {@code L} of the k-th dataset, from 1, becomes {@code k/L}), so two datasets that both have
     * a class "12" contribute two classes. One dataset is returned as it is.
     *
     * @throws IllegalArgumentException if {@code parts} is empty
     */
    public static Dataset combine(List<Dataset> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no datasets to combine");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<Sample> train = new ArrayList<>();
        List<Sample> test = new ArrayList<>();
        int missing = 0;
        for (int k = 0; k < parts.size(); k++) {
            String prefix = (k + 1) + "/";
            for (Sample s : parts.get(k).train()) {
                train.add(new Sample(s.image(), prefix + s.label()));
            }
            for (Sample s : parts.get(k).test()) {
                test.add(new Sample(s.image(), prefix + s.label()));
            }
            missing += parts.get(k).missing();
        }
        String name = parts.stream().map(Dataset::name).distinct().collect(Collectors.joining("+"));
        return new Dataset(name + " (" + parts.size() + " datasets)", train, test, missing);
    }

    /** The distinct labels of some samples, in {@link Labels#NATURAL} order. */
    public static SortedSet<String> classes(Collection<Sample> samples) {
        SortedSet<String> labels = new TreeSet<>(Labels.NATURAL);
        for (Sample s : samples) {
            labels.add(s.label());
        }
        return labels;
    }

    /** Whether its images have class labels (a {@link FlatFolder flat folder}'s have none). */
    public boolean labelled() {
        return labelled(train) || labelled(test);
    }

    /** Whether any of {@code samples} has a class label. */
    public static boolean labelled(Collection<Sample> samples) {
        return samples.stream().anyMatch(Sample::labelled);
    }

    /**
     * Refuses samples without labels, in one line naming {@code what} needs them.
     *
     * @param where the dataset's folder or name, for the message
     * @throws PairvizException (bad input) if no sample has a label
     */
    public static void requireLabels(Collection<Sample> samples, String what, Object where) {
        if (!samples.isEmpty() && !labelled(samples)) {
            throw new PairvizException(what + " needs labels, and " + where + " is a flat folder of images without"
                    + " them: put each class's images in a folder of their own (" + where + "/<class>/<image>)");
        }
    }

    /** One line such as {@code sop: train 59551 images / 11318 classes, test 60502 / 11316}. */
    public String summary() {
        if (!labelled()) {
            return String.format("%s: %d images without labels (a gallery; no classes, no train/test split)", name,
                    train.size() + test.size());
        }
        String s = String.format("%s: train %d images / %d classes, test %d images / %d classes",
                name, train.size(), classes(train).size(), test.size(), classes(test).size());
        return missing == 0 ? s : s + " (" + missing + " listed images not found on disk, left out)";
    }
}

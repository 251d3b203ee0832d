package pairviz.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import pairviz.PairvizException;

/**
 * A deterministic rule that splits labelled images into train and test, for datasets that do
 * not come split.
 *
 * <ul>
 *   <li>{@link Mode#CLASSES} (unseen classes, the usual metric-learning protocol): sort the
 *       distinct labels in {@link Labels#NATURAL} order; the first {@code k} classes train, the
 *       rest test.
 *   <li>{@link Mode#IMAGES} (seen classes): within each class, keep the images in the dataset's
 *       order; the first {@code k} images of the class train, the rest test.
 * </ul>
 *
 * <p>{@code k = round(n * trainFraction)} (halves round up) for {@code n} classes or images; when
 * {@code 0 < trainFraction < 1} and {@code n >= 2}, {@code k} is kept between 1 and {@code n - 1}
 * so that neither side is empty. Both sides keep the dataset's image order.
 *
 * @param mode what is divided: classes or each class's images
 * @param trainFraction the share that goes to train, in [0, 1]
 */
public record Split(Mode mode, double trainFraction) {

    /** What a split divides. */
    public enum Mode {
        /** Whole classes go to train or test (test classes are unseen in training). */
        CLASSES,
        /** Each class's images are divided; every class is in both train and test. */
        IMAGES
    }

    /** The default: sorted classes, first half train, second half test. */
    public static final Split UNSEEN_CLASSES = new Split(Mode.CLASSES, 0.5);

    public Split {
        Objects.requireNonNull(mode, "mode");
        if (!(trainFraction >= 0 && trainFraction <= 1)) {
            throw new PairvizException("split train fraction must be between 0 and 1, got " + trainFraction);
        }
    }

    /**
     * Parses {@code classes}, {@code images}, {@code classes:0.5} or {@code images:0.8} (the
     * fraction defaults to 0.5).
     *
     * @throws PairvizException on anything else
     */
    public static Split parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String modeName = colon < 0 ? t : t.substring(0, colon);
        Mode mode = switch (modeName) {
            case "classes" -> Mode.CLASSES;
            case "images" -> Mode.IMAGES;
            default -> throw new PairvizException(
                    "bad split '" + text + "': expected classes[:FRACTION] or images[:FRACTION]");
        };
        if (colon < 0) {
            return new Split(mode, 0.5);
        }
        try {
            return new Split(mode, Double.parseDouble(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new PairvizException("bad split '" + text + "': '" + t.substring(colon + 1) + "' is not a number");
        }
    }

    /** How many of {@code n} items go to train. */
    public int trainCount(int n) {
        int k = (int) Math.floor(n * trainFraction + 0.5);
        if (trainFraction > 0 && trainFraction < 1 && n >= 2) {
            k = Math.max(1, Math.min(n - 1, k));
        }
        return Math.min(n, k);
    }

    /** Splits {@code samples} (in their order) by this rule into a dataset. */
    public Dataset apply(String name, List<Sample> samples, int missing) {
        List<Sample> train = new ArrayList<>();
        List<Sample> test = new ArrayList<>();
        if (mode == Mode.CLASSES) {
            List<String> classes = new ArrayList<>(Dataset.classes(samples));
            Set<String> trainClasses = new HashSet<>(classes.subList(0, trainCount(classes.size())));
            for (Sample s : samples) {
                (trainClasses.contains(s.label()) ? train : test).add(s);
            }
        } else {
            Map<String, List<Sample>> byClass = new LinkedHashMap<>();
            for (Sample s : samples) {
                byClass.computeIfAbsent(s.label(), l -> new ArrayList<>()).add(s);
            }
            Set<Sample> trainSet = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (List<Sample> group : byClass.values()) {
                trainSet.addAll(group.subList(0, trainCount(group.size())));
            }
            for (Sample s : samples) {
                (trainSet.contains(s) ? train : test).add(s);
            }
        }
        return new Dataset(name, train, test, missing);
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase(Locale.ROOT) + ":" + trainFraction;
    }
}

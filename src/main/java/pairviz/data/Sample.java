package pairviz.data;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One labelled image of a dataset. Two samples belong to the same class (hotel, product,
 * landmark...) exactly when their labels are equal.
 *
 * @param image where the pixels come from
 * @param label the class label, as written in the dataset's own files (e.g. a hotel id)
 */
public record Sample(ImageSource image, String label) {
    /** The label of an image without one (a {@link FlatFolder flat folder}'s). */
    public static final String UNLABELLED = "";

    public Sample {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(label, "label");
    }

    /** A sample stored in a file. */
    public static Sample ofFile(Path file, String label) {
        return new Sample(new FileImage(file), label);
    }

    /** Whether the image has a class label. */
    public boolean labelled() {
        return !label.isEmpty();
    }

    /** The image's id (its path for files). */
    public String id() {
        return image.id();
    }

    /** The image file, for file-backed samples; empty for in-memory ones. */
    public Optional<Path> path() {
        return image instanceof FileImage f ? Optional.of(f.path()) : Optional.empty();
    }

    /** Decodes the image as {@link BufferedImage#TYPE_INT_RGB}. */
    public BufferedImage load() {
        return image.load();
    }
}

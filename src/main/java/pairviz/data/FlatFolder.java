package pairviz.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import pairviz.PairvizException;

/**
 * A flat folder of photos, as users keep them: {@code root/*.jpg}, no class folders. It is a
 * gallery and a dataset without labels: every image is a test image with the empty label
 * ({@link Sample#UNLABELLED}), there is no train part, and commands that need labels (evaluate,
 * train, faithfulness, class maps) refuse it in one line ({@link Dataset#requireLabels}).
 *
 * <p>Images are the files with an image extension directly in the folder, ordered by name; names
 * starting with a dot are skipped.
 */
public final class FlatFolder {
    /** The format's name in messages, JSON and {@code --format}. */
    public static final String NAME = "flat";

    private FlatFolder() {}

    /**
     * Reads {@code root}.
     *
     * @throws PairvizException if the folder is missing or holds no image file
     */
    public static Dataset read(Path root) {
        DatasetFiles.requireRoot(NAME, root);
        List<Sample> samples = images(root).stream().map(p -> Sample.ofFile(p, Sample.UNLABELLED)).toList();
        if (samples.isEmpty()) {
            throw new PairvizException(NAME + ": no image files in " + root);
        }
        return new Dataset(NAME, List.of(), samples);
    }

    /**
     * Whether {@code root} is a flat folder: image files directly inside, and no sub-folder holding
     * images (which would make it a folder per class).
     */
    static boolean looksFlat(Path root) {
        if (images(root).isEmpty()) {
            return false;
        }
        try (Stream<Path> s = Files.walk(root, 8)) {
            return s.filter(p -> !p.getParent().equals(root) && !p.equals(root))
                    .filter(p -> !ClassFolders.hidden(root.relativize(p)))
                    .noneMatch(p -> ImageNames.isImageName(p) && Files.isRegularFile(p));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static List<Path> images(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(ImageNames::isImageName)
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }
}

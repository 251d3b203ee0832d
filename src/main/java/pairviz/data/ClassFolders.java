package pairviz.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import pairviz.PairvizException;

/**
 * Reads a dataset stored as one folder per class: {@code root/<class>/...image files}.
 *
 * <p>Two layouts:
 *
 * <ul>
 *   <li>pre-split: {@code root/train/<class>/...} and {@code root/test/<class>/...}; used as
 *       they are;
 *   <li>unsplit: {@code root/<class>/...}; divided by a {@link Split} rule (by default
 *       {@link Split#UNSEEN_CLASSES}: classes in {@link Labels#NATURAL} order, first half train).
 * </ul>
 *
 * <p>The label is the class folder's name. Images are the files with an image extension
 * ({@link ImageNames#EXTENSIONS}, any case) anywhere below the class folder, ordered by their
 * path; names starting with a dot are skipped. Folders with no images are not classes.
 */
public final class ClassFolders {
    private ClassFolders() {}

    /** Reads {@code root} with the default split ({@link Split#UNSEEN_CLASSES}) if it is unsplit. */
    public static Dataset read(Path root) {
        return read(root, Split.UNSEEN_CLASSES);
    }

    /**
     * Reads {@code root}; {@code split} applies only to the unsplit layout.
     *
     * @throws PairvizException if the folder is missing, has only one of train/ and test/, or
     *     holds no class folder with images
     */
    public static Dataset read(Path root, Split split) {
        String name = "folders";
        DatasetFiles.requireRoot(name, root);
        Path train = root.resolve("train");
        Path test = root.resolve("test");
        boolean hasTrain = Files.isDirectory(train);
        boolean hasTest = Files.isDirectory(test);
        if (hasTrain != hasTest) {
            throw new PairvizException(name + ": " + root + " has " + (hasTrain ? "train/" : "test/")
                    + " but no " + (hasTrain ? "test/" : "train/") + " folder");
        }
        if (hasTrain) {
            return new Dataset(name, list(name, train), list(name, test));
        }
        return split.apply(name, list(name, root), 0);
    }

    /** The images of {@code dir/<class>/...}, classes in natural order, each class's images by path. */
    static List<Sample> list(String name, Path dir) {
        List<Sample> samples = new ArrayList<>();
        List<Path> classes;
        try (Stream<Path> s = Files.list(dir)) {
            classes = s.filter(Files::isDirectory).filter(p -> !hidden(p.getFileName()))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), Labels.NATURAL))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        for (Path cls : classes) {
            String label = cls.getFileName().toString();
            for (Path image : images(cls)) {
                samples.add(Sample.ofFile(image, label));
            }
        }
        if (samples.isEmpty()) {
            throw new PairvizException(name + ": no images in class folders under " + dir
                    + " (expected " + dir.resolve("<class>").resolve("<image>.jpg") + ")");
        }
        return samples;
    }

    private static List<Path> images(Path classDir) {
        try (Stream<Path> s = Files.walk(classDir)) {
            return s.filter(p -> !hidden(classDir.relativize(p)))
                    .filter(ImageNames::isImageName)
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> classDir.relativize(p).toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + classDir + ": " + e.getMessage(), e);
        }
    }

    /** Whether a path below a dataset's folder has a part whose name starts with a dot. */
    static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}

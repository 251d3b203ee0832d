package pairviz.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.data.scenes.SceneDataset;
import pairviz.data.scenes.SceneFiles;

/**
 * The dataset layouts pairviz reads, by the name used on the command line. The {@link Split}
 * matters only to layouts that do not come split (folders without train/ and test/, GLM,
 * scenes); the others have fixed splits.
 */
public enum DatasetFormat {
    /** {@link ClassFolders}. */
    FOLDERS("folders"),
    /** {@link FlatFolder}: images directly in one folder, without labels. */
    FLAT(FlatFolder.NAME),
    /** {@link StanfordOnlineProducts}. */
    SOP("sop"),
    /** {@link Hotels50k} (unoccluded test images). */
    HOTELS50K("hotels50k"),
    /** {@link GoogleLandmarks}. */
    GLM("glm"),
    /** {@link Cub200}. */
    CUB("cub"),
    /** {@link FashionMnist}. */
    FASHION_MNIST("fashion-mnist"),
    /** A folder written by {@code pairviz data scenes}. */
    SCENES("scenes");

    /** The command-line name. */
    public final String key;

    DatasetFormat(String key) {
        this.key = key;
    }

    /** Reads the dataset at {@code root}. */
    public Dataset read(Path root, Split split) {
        return switch (this) {
            case FOLDERS -> ClassFolders.read(root, split);
            case SOP -> StanfordOnlineProducts.read(root);
            case HOTELS50K -> Hotels50k.read(root);
            case GLM -> GoogleLandmarks.read(root, split);
            case CUB -> Cub200.read(root);
            case FASHION_MNIST -> FashionMnist.read(root);
            case SCENES -> SceneDataset.open(root).dataset(split);
            case FLAT -> FlatFolder.read(root);
        };
    }

    /**
     * The format with command-line name {@code key}.
     *
     * @throws PairvizException listing the known names
     */
    public static DatasetFormat of(String key) {
        for (DatasetFormat f : values()) {
            if (f.key.equals(key.strip().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new PairvizException("unknown dataset format '" + key + "': expected one of " + names());
    }

    /** The command-line names, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(f -> f.key).collect(Collectors.joining(", "));
    }

    /**
     * The format of the datasets at {@code roots}: {@code format} if given, else (null: auto) the
     * one format {@link #detect} finds in all of them.
     *
     * @throws BadParameterException if auto-detection finds different formats
     */
    public static DatasetFormat resolve(DatasetFormat format, List<Path> roots) {
        if (format != null) {
            return format;
        }
        List<DatasetFormat> found = roots.stream().map(DatasetFormat::detect).distinct().toList();
        if (found.size() > 1) {
            throw new BadParameterException("the {data} folders have different formats ("
                    + found.stream().map(f -> f.key).collect(Collectors.joining(", "))
                    + "); datasets read together must have one format");
        }
        return found.get(0);
    }

    /** The format of the dataset at {@code root}: {@code format}, or if null (auto) the one {@link #detect} finds. */
    public static DatasetFormat resolve(DatasetFormat format, Path root) {
        return resolve(format, List.of(root));
    }

    /**
     * Guesses the format from the files in {@code root}: the index files each dataset ships
     * ({@code Ebay_train.txt}, {@code train_set.csv}, ...), else {@link #FLAT} for image files
     * directly in the folder and none below it, else {@link #FOLDERS}.
     */
    public static DatasetFormat detect(Path root) {
        if (Files.isRegularFile(root.resolve(SceneFiles.MANIFEST))) {
            return SCENES;
        }
        if (DatasetFiles.findFile(root, "Ebay_train.txt", "", "Stanford_Online_Products") != null) {
            return SOP;
        }
        if (DatasetFiles.findFile(root, "train_set.csv", "", "input/dataset", "dataset", "input") != null) {
            return HOTELS50K;
        }
        if (DatasetFiles.findFile(root, "train_clean.csv", "", "metadata") != null) {
            return GLM;
        }
        if (DatasetFiles.findFile(root, "image_class_labels.txt", "", "CUB_200_2011") != null) {
            return CUB;
        }
        if (DatasetFiles.findFile(root, "train-images-idx3-ubyte") != null
                || DatasetFiles.findFile(root, "train-images-idx3-ubyte.gz") != null) {
            return FASHION_MNIST;
        }
        return FlatFolder.looksFlat(root) ? FLAT : FOLDERS;
    }
}

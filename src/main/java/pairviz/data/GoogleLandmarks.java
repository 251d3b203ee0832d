package pairviz.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the clean Google Landmarks v2 training set (GLDv2-clean): {@code train_clean.csv} with
 * the columns {@code landmark_id,images}, where {@code images} is a space-separated list of
 * 16-character image ids, and the images at {@code train/a/b/c/<id>.jpg} with a, b, c the
 * first three characters of the id. {@code train_clean.csv} may sit in the root or in
 * {@code root/metadata}; {@code train/} is next to it or in the root.
 *
 * <p>The label is the landmark id. The dataset does not come split (the paper trains on all of
 * it and tests on the index set), so a {@link Split} divides it; the default
 * {@link Split#UNSEEN_CLASSES} sorts the landmark ids as numbers and trains on the first half
 * (unseen landmarks at test time). Images whose download is missing are left out and counted.
 */
public final class GoogleLandmarks {
    private GoogleLandmarks() {}

    static final String NAME = "glm";

    /** Reads the dataset with {@link Split#UNSEEN_CLASSES}. */
    public static Dataset read(Path root) {
        return read(root, Split.UNSEEN_CLASSES);
    }

    /**
     * Reads the dataset at {@code root} and splits it by {@code split}.
     *
     * @throws pairviz.PairvizException if the CSV, a column or the {@code train/} folder is
     *     missing, or none of the listed images exists
     */
    public static Dataset read(Path root, Split split) {
        DatasetFiles.requireRoot(NAME, root);
        Path csv = DatasetFiles.requireFile(NAME, root, "train_clean.csv", "", "metadata");
        Path imageDir = root.resolve("train");
        if (!java.nio.file.Files.isDirectory(imageDir)) {
            imageDir = DatasetFiles.requireDir(NAME, csv.getParent(), "train");
        }
        List<Sample> samples = new ArrayList<>();
        try (TableFile table = TableFile.csv(csv)) {
            int landmarkCol = table.column("landmark_id");
            int imagesCol = table.column("images");
            for (String[] row = table.next(); row != null; row = table.next()) {
                String landmark = table.field(row, landmarkCol);
                for (String id : table.field(row, imagesCol).split("\\s+")) {
                    if (id.isEmpty()) {
                        continue;
                    }
                    if (id.length() < 3) {
                        throw table.error("image id '" + id + "' is shorter than 3 characters");
                    }
                    samples.add(Sample.ofFile(imagePath(imageDir, id), landmark));
                }
            }
        }
        DatasetFiles.Checked checked = DatasetFiles.keepExisting(NAME, samples, csv.toString());
        return split.apply(NAME, checked.present(), checked.missing());
    }

    /** {@code dir/a/b/c/<id>.jpg}. */
    static Path imagePath(Path dir, String id) {
        return dir.resolve(id.substring(0, 1)).resolve(id.substring(1, 2)).resolve(id.substring(2, 3)).resolve(id + ".jpg");
    }
}

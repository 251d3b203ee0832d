package pairviz.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CUB-200-2011: {@code images.txt} ({@code <image_id> <relative path>}),
 * {@code image_class_labels.txt} ({@code <image_id> <class_id>}) and {@code images/}. The label
 * is the class id 1-200; the split is the usual metric-learning one: classes 1-100 train,
 * 101-200 test (5,864 and 5,924 images in the real data). The root may be the
 * {@code CUB_200_2011} folder or the folder holding it.
 */
public final class Cub200 {
    private Cub200() {}

    static final String NAME = "cub";

    /** Classes up to this id train, the rest test. */
    public static final int LAST_TRAIN_CLASS = 100;

    /**
     * Reads the dataset at {@code root}.
     *
     * @throws pairviz.PairvizException if an index file is missing or malformed, an image has no
     *     class, or none of the listed images exists
     */
    public static Dataset read(Path root) {
        DatasetFiles.requireRoot(NAME, root);
        Path imagesFile = DatasetFiles.requireFile(NAME, root, "images.txt", "", "CUB_200_2011");
        Path dir = imagesFile.getParent();
        Path labelsFile = DatasetFiles.requireFile(NAME, dir, "image_class_labels.txt");
        Path imageDir = DatasetFiles.requireDir(NAME, dir, "images");

        Map<String, String> classOf = new HashMap<>();
        try (TableFile table = TableFile.whitespace(labelsFile, false)) {
            for (String[] row = table.next(); row != null; row = table.next()) {
                classOf.put(table.field(row, 0), table.field(row, 1));
            }
        }
        List<Sample> train = new ArrayList<>();
        List<Sample> test = new ArrayList<>();
        try (TableFile table = TableFile.whitespace(imagesFile, false)) {
            for (String[] row = table.next(); row != null; row = table.next()) {
                String id = table.field(row, 0);
                String label = classOf.get(id);
                if (label == null) {
                    throw table.error("image " + id + " has no class in " + labelsFile.getFileName());
                }
                int cls;
                try {
                    cls = Integer.parseInt(label);
                } catch (NumberFormatException e) {
                    throw new pairviz.PairvizException(labelsFile + ": class id '" + label + "' of image " + id + " is not a number");
                }
                Sample s = Sample.ofFile(imageDir.resolve(table.field(row, 1)), label);
                (cls <= LAST_TRAIN_CLASS ? train : test).add(s);
            }
        }
        DatasetFiles.Checked tr = DatasetFiles.keepExisting(NAME, train, imagesFile.toString());
        DatasetFiles.Checked te = DatasetFiles.keepExisting(NAME, test, imagesFile.toString());
        return new Dataset(NAME, tr.present(), te.present(), tr.missing() + te.missing());
    }
}

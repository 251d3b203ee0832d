package pairviz.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Stanford Online Products: {@code Ebay_train.txt} and {@code Ebay_test.txt}, whitespace
 * separated with the header {@code image_id class_id super_class_id path}, paths relative to the
 * dataset folder. The label is {@code class_id} (11,318 train classes and 11,316 test classes,
 * 59,551 and 60,502 images, in the real data). The root may be the
 * {@code Stanford_Online_Products} folder or the folder holding it.
 */
public final class StanfordOnlineProducts {
    private StanfordOnlineProducts() {}

    static final String NAME = "sop";

    /**
     * Reads the dataset at {@code root}.
     *
     * @throws pairviz.PairvizException if an index file or one of its columns is missing, or
     *     none of the listed images exists
     */
    public static Dataset read(Path root) {
        DatasetFiles.requireRoot(NAME, root);
        Path trainFile = DatasetFiles.requireFile(NAME, root, "Ebay_train.txt", "", "Stanford_Online_Products");
        Path dir = trainFile.getParent();
        Path testFile = DatasetFiles.requireFile(NAME, dir, "Ebay_test.txt");
        DatasetFiles.Checked train = DatasetFiles.keepExisting(NAME, list(dir, trainFile), trainFile.toString());
        DatasetFiles.Checked test = DatasetFiles.keepExisting(NAME, list(dir, testFile), testFile.toString());
        return new Dataset(NAME, train.present(), test.present(), train.missing() + test.missing());
    }

    private static List<Sample> list(Path dir, Path indexFile) {
        List<Sample> samples = new ArrayList<>();
        try (TableFile table = TableFile.whitespace(indexFile, true)) {
            int classCol = table.column("class_id");
            int pathCol = table.column("path");
            for (String[] row = table.next(); row != null; row = table.next()) {
                samples.add(Sample.ofFile(dir.resolve(table.field(row, pathCol)), table.field(row, classCol)));
            }
        }
        return samples;
    }
}

package pairviz.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

class StanfordOnlineProductsTest {

    @TempDir
    Path root;

    private Path sop() throws Exception {
        Path dir = root.resolve("Stanford_Online_Products");
        TestFiles.text(dir.resolve("Ebay_train.txt"),
                "image_id class_id super_class_id path",
                "1 1 1 bicycle_final/111085122871_0.JPG",
                "2 1 1 bicycle_final/111085122871_1.JPG",
                "3 2 1 bicycle_final/111265328556_0.JPG");
        TestFiles.text(dir.resolve("Ebay_test.txt"),
                "image_id class_id super_class_id path",
                "1 11319 1 bicycle_final/111085122871_9.JPG",
                "2 11320 2 cabinet_final/222_0.JPG",
                "3 11320 2 cabinet_final/222_1.JPG");
        for (String p : new String[] {"bicycle_final/111085122871_0.JPG", "bicycle_final/111085122871_1.JPG",
                "bicycle_final/111265328556_0.JPG", "bicycle_final/111085122871_9.JPG", "cabinet_final/222_0.JPG"}) {
            TestFiles.image(dir.resolve(p), 0x808080);
        }
        return dir;
    }

    @Test
    void readsBothListsWithClassIdLabelsAndCountsMissingImages() throws Exception {
        Path dir = sop();
        // The parent folder works as well as the dataset folder itself.
        for (Path r : new Path[] {root, dir}) {
            Dataset d = StanfordOnlineProducts.read(r);
            assertThat(d.train()).extracting(Sample::label).containsExactly("1", "1", "2");
            assertThat(d.test()).extracting(Sample::label).containsExactly("11319", "11320");
            assertThat(d.train().get(2).path()).contains(dir.resolve("bicycle_final/111265328556_0.JPG"));
            assertThat(d.missing()).isEqualTo(1); // cabinet_final/222_1.JPG
            assertThat(d.summary()).isEqualTo("sop: train 3 images / 2 classes, test 2 images / 2 classes"
                    + " (1 listed images not found on disk, left out)");
        }
    }

    @Test
    void missingFileOrColumnIsNamed() throws Exception {
        assertThat(assertThrows(PairvizException.class, () -> StanfordOnlineProducts.read(root)).getMessage())
                .isEqualTo("sop: Ebay_train.txt not found in " + root + " or " + root.resolve("Stanford_Online_Products"));
        Path f = TestFiles.text(root.resolve("Ebay_train.txt"), "image_id super_class_id path", "1 1 a.jpg");
        TestFiles.text(root.resolve("Ebay_test.txt"), "image_id class_id super_class_id path");
        assertThat(assertThrows(PairvizException.class, () -> StanfordOnlineProducts.read(root)).getMessage())
                .isEqualTo(f + ": missing column 'class_id' in the header (found: image_id, super_class_id, path)");
    }

    @Test
    void noImageOnDiskMeansAWrongRoot() throws Exception {
        Path f = TestFiles.text(root.resolve("Ebay_train.txt"), "image_id class_id super_class_id path", "1 1 1 a/b.JPG");
        TestFiles.text(root.resolve("Ebay_test.txt"), "image_id class_id super_class_id path");
        assertThat(assertThrows(PairvizException.class, () -> StanfordOnlineProducts.read(root)).getMessage())
                .isEqualTo("sop: none of the 1 images listed in " + f + " exists (the first would be " + root.resolve("a/b.JPG") + ")");
    }
}

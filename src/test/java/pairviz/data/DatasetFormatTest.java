package pairviz.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

class DatasetFormatTest {

    @TempDir
    Path tmp;

    @Test
    void detectsEachLayoutFromItsIndexFiles() throws Exception {
        assertThat(DatasetFormat.detect(tmp)).isEqualTo(DatasetFormat.FOLDERS);
        String[][] cases = {
            {"sop", "Stanford_Online_Products/Ebay_train.txt"},
            {"hotels50k", "input/dataset/train_set.csv"},
            {"glm", "metadata/train_clean.csv"},
            {"cub", "CUB_200_2011/image_class_labels.txt"},
            {"fashion-mnist", "train-images-idx3-ubyte.gz"},
            {"scenes", "scenes.json"},
        };
        for (String[] c : cases) {
            Path root = tmp.resolve(c[0]);
            TestFiles.text(root.resolve(c[1]), "");
            assertThat(DatasetFormat.detect(root)).as(c[1]).isEqualTo(DatasetFormat.of(c[0]));
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThat(assertThrows(PairvizException.class, () -> DatasetFormat.of("imagenet")).getMessage())
                .isEqualTo("unknown dataset format 'imagenet': expected one of "
                        + "folders, sop, hotels50k, glm, cub, fashion-mnist, scenes");
    }

    @Test
    void readsThroughTheFormat() throws Exception {
        TestFiles.image(tmp.resolve("a/1.png"), 0);
        TestFiles.image(tmp.resolve("b/1.png"), 0);
        Dataset d = DatasetFormat.FOLDERS.read(tmp, Split.UNSEEN_CLASSES);
        assertThat(d.train()).extracting(Sample::label).containsExactly("a");
        assertThat(d.test()).extracting(Sample::label).containsExactly("b");
    }
}

package pairviz.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
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
                        + "folders, flat, sop, hotels50k, glm, cub, fashion-mnist, scenes");
    }

    @Test
    void readsThroughTheFormat() throws Exception {
        TestFiles.image(tmp.resolve("a/1.png"), 0);
        TestFiles.image(tmp.resolve("b/1.png"), 0);
        Dataset d = DatasetFormat.FOLDERS.read(tmp, Split.UNSEEN_CLASSES);
        assertThat(d.train()).extracting(Sample::label).containsExactly("a");
        assertThat(d.test()).extracting(Sample::label).containsExactly("b");
    }

    @Test
    void imagesDirectlyInAFolderAreAFlatFolderWithoutLabels() throws Exception {
        Path flat = tmp.resolve("flat");
        Files.createDirectories(flat.resolve(".thumbs"));
        Files.write(flat.resolve("b.jpg"), new byte[] {1});
        Files.write(flat.resolve("a.png"), new byte[] {1});
        Files.write(flat.resolve(".thumbs").resolve("a.png"), new byte[] {1}); // hidden: not a class
        Files.writeString(flat.resolve("notes.txt"), "x");
        assertThat(DatasetFormat.detect(flat)).isEqualTo(DatasetFormat.FLAT);
        Dataset d = DatasetFormat.FLAT.read(flat, Split.UNSEEN_CLASSES);
        assertThat(d.train()).isEmpty();
        assertThat(d.test()).extracting(s -> s.path().orElseThrow().getFileName().toString()).containsExactly("a.png", "b.jpg");
        assertThat(d.labelled()).isFalse();
        assertThat(d.summary()).isEqualTo("flat: 2 images without labels (a gallery; no classes, no train/test split)");

        // a class folder beside the photos makes it a folder per class
        Files.createDirectories(flat.resolve("cls"));
        Files.write(flat.resolve("cls").resolve("c.png"), new byte[] {1});
        assertThat(DatasetFormat.detect(flat)).isEqualTo(DatasetFormat.FOLDERS);
    }
}

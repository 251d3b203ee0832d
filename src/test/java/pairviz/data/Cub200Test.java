package pairviz.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

class Cub200Test {

    @TempDir
    Path root;

    @Test
    void classesUpTo100TrainTheRestTest() throws Exception {
        Path dir = root.resolve("CUB_200_2011");
        TestFiles.text(dir.resolve("images.txt"),
                "1 001.Black_footed_Albatross/a.jpg",
                "2 100.Brown_Pelican/b.jpg",
                "3 101.White_Pelican/c.jpg",
                "4 200.Common_Yellowthroat/d.jpg");
        TestFiles.text(dir.resolve("image_class_labels.txt"), "1 1", "2 100", "3 101", "4 200");
        for (String p : new String[] {"001.Black_footed_Albatross/a.jpg", "100.Brown_Pelican/b.jpg",
                "101.White_Pelican/c.jpg", "200.Common_Yellowthroat/d.jpg"}) {
            TestFiles.image(dir.resolve("images").resolve(p), 0x336699);
        }
        Dataset d = Cub200.read(root);
        assertThat(d.train()).extracting(Sample::label).containsExactly("1", "100");
        assertThat(d.test()).extracting(Sample::label).containsExactly("101", "200");
        assertThat(d.test().get(0).path()).contains(dir.resolve("images/101.White_Pelican/c.jpg"));
        assertThat(d.missing()).isZero();
    }

    @Test
    void imageWithoutClassIsAnError() throws Exception {
        Path images = TestFiles.text(root.resolve("images.txt"), "1 001.A/a.jpg", "2 001.A/b.jpg");
        TestFiles.text(root.resolve("image_class_labels.txt"), "1 1");
        java.nio.file.Files.createDirectories(root.resolve("images"));
        assertThat(assertThrows(PairvizException.class, () -> Cub200.read(root)).getMessage())
                .isEqualTo(images + " line 2: image 2 has no class in image_class_labels.txt");
    }

    @Test
    void missingImagesFolderIsNamed() throws Exception {
        TestFiles.text(root.resolve("images.txt"), "1 001.A/a.jpg");
        TestFiles.text(root.resolve("image_class_labels.txt"), "1 1");
        assertThat(assertThrows(PairvizException.class, () -> Cub200.read(root)).getMessage())
                .isEqualTo("cub: folder " + root.resolve("images") + " not found");
    }
}

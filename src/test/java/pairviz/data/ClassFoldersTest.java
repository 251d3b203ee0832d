package pairviz.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

class ClassFoldersTest {

    @TempDir
    Path root;

    @Test
    void unsplitFoldersAreDividedBySortedClasses() throws Exception {
        for (String cls : new String[] {"10", "2", "1", "b"}) {
            TestFiles.image(root.resolve(cls).resolve("x.png"), 0xFF0000);
            TestFiles.image(root.resolve(cls).resolve("sub").resolve("y.JPG"), 0x00FF00);
        }
        TestFiles.text(root.resolve("2").resolve("notes.txt"), "not an image");
        TestFiles.image(root.resolve("2").resolve(".hidden.png"), 0);
        Files.createDirectories(root.resolve("empty"));

        Dataset d = ClassFolders.read(root);

        // Classes 1, 2, 10, b in natural order: 1 and 2 train, 10 and b test.
        assertThat(Dataset.classes(d.train())).containsExactly("1", "2");
        assertThat(Dataset.classes(d.test())).containsExactly("10", "b");
        assertThat(d.train()).hasSize(4);
        assertThat(d.test()).hasSize(4);
        assertThat(d.train().get(0).path()).contains(root.resolve("1").resolve("sub").resolve("y.JPG"));
        assertThat(d.train().get(1).path()).contains(root.resolve("1").resolve("x.png"));
        assertThat(d.train().get(1).load().getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
    }

    @Test
    void imageSplitKeepsEveryClassOnBothSides() throws Exception {
        for (String cls : new String[] {"a", "b"}) {
            for (int i = 0; i < 4; i++) {
                TestFiles.image(root.resolve(cls).resolve(i + ".png"), 0);
            }
        }
        Dataset d = ClassFolders.read(root, Split.parse("images:0.75"));
        assertThat(d.train()).hasSize(6);
        assertThat(d.test()).extracting(s -> s.path().orElseThrow().getFileName().toString()).containsExactly("3.png", "3.png");
    }

    @Test
    void trainAndTestFoldersAreUsedAsTheyAre() throws Exception {
        TestFiles.image(root.resolve("train/cat/1.png"), 0);
        TestFiles.image(root.resolve("train/dog/1.png"), 0);
        TestFiles.image(root.resolve("train/dog/2.bmp"), 0);
        TestFiles.image(root.resolve("test/cat/9.png"), 0);
        Dataset d = ClassFolders.read(root, Split.parse("images:0.1"));
        assertThat(d.train()).extracting(Sample::label).containsExactly("cat", "dog", "dog");
        assertThat(d.test()).extracting(Sample::label).containsExactly("cat");
    }

    @Test
    void badLayoutsAreExplained() throws Exception {
        Path missing = root.resolve("nope");
        assertThat(assertThrows(PairvizException.class, () -> ClassFolders.read(missing)).getMessage())
                .isEqualTo("folders: dataset folder " + missing + " not found");
        TestFiles.image(root.resolve("loose.png"), 0);
        assertThat(assertThrows(PairvizException.class, () -> ClassFolders.read(root)).getMessage())
                .isEqualTo("folders: no images in class folders under " + root + " (expected "
                        + root.resolve("<class>").resolve("<image>.jpg") + ")");
        TestFiles.image(root.resolve("train/a/1.png"), 0);
        assertThat(assertThrows(PairvizException.class, () -> ClassFolders.read(root)).getMessage())
                .isEqualTo("folders: " + root + " has train/ but no test/ folder");
    }
}

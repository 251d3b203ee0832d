package pairviz.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;
import pairviz.data.Sample;
import pairviz.data.scenes.SceneSpec;
import pairviz.data.scenes.SceneWriter;

class GalleryFilesTest {
    @TempDir Path tmp;

    @Test
    void aScenesDatasetIsAGalleryAsTheCliFiguresReadIt() {
        Path scenes = tmp.resolve("scenes");
        SceneWriter.write(SceneSpec.of(3, 2, 32, 1), scenes, 1, false, () -> {});
        GalleryFiles g = GalleryFiles.index(List.of(scenes));
        // every image of every class (train and test), ids under the gallery's name, labels its classes
        assertThat(g.size()).isEqualTo(6);
        assertThat(g.classes().keySet()).containsExactlyInAnyOrder("scenes/0", "scenes/1", "scenes/2");
        GalleryFiles.Image im = g.image("scenes/images/1/0.png");
        assertThat(im.label()).isEqualTo("scenes/1");
        assertThat(g.open(im)).isEqualTo(scenes.resolve("images/1/0.png").toAbsolutePath().normalize());
        // the samples to embed are the same images, in index order, with the gallery's labels
        assertThat(g.samples()).extracting(Sample::label)
                .containsExactlyElementsOf(g.images().stream().map(GalleryFiles.Image::label).toList());
        assertThat(g.byFile(g.samples().get(0).path().orElseThrow())).contains(g.images().get(0));
        // captions: within class 1, "0.png" tells its images apart (not the id cut at the label's length)
        assertThat(g.name(im)).isEqualTo("0.png");
        assertThat(g.classes().get("scenes/1")).extracting(g::name).containsExactly("0.png", "1.png");
    }

    @Test
    void captionsKeepAsManyFoldersAsTellAClassesImagesApart() throws IOException {
        Path root = tmp.resolve("photos");
        for (String f : List.of("cat/2020/a.png", "cat/2021/a.png", "cat/2021/b.png", "dog/a.png")) {
            Files.createDirectories(root.resolve(f).getParent());
            Files.copy(pairviz.testutil.Fixtures.fixture("blob0_32.png"), root.resolve(f));
        }
        GalleryFiles g = GalleryFiles.index(List.of(root));
        assertThat(g.classes().get("photos/cat")).extracting(g::name)
                .containsExactlyInAnyOrder("2020/a.png", "2021/a.png", "2021/b.png");
        assertThat(g.classes().get("photos/dog")).extracting(g::name).containsExactly("a.png");
    }

    @Test
    void aFolderThatIsNoDatasetIsRefusedInOneLine() throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "no images here");
        assertThatThrownBy(() -> GalleryFiles.index(List.of(tmp)))
                .isInstanceOf(PairvizException.class)
                .hasMessageStartingWith("gallery " + tmp + ": ") // the library names its parameter; serve says --gallery
                .hasMessageContaining("no images in class folders");
    }

    @Test
    void aFlatFolderOfPhotosIsAGallery() throws IOException {
        Path flat = tmp.resolve("photos");
        Files.createDirectories(flat);
        Files.copy(pairviz.testutil.Fixtures.fixture("blob0_32.png"), flat.resolve("a.png"));
        Files.copy(pairviz.testutil.Fixtures.fixture("odd_50x37.png"), flat.resolve("b.png"));
        GalleryFiles g = GalleryFiles.index(List.of(flat));
        assertThat(g.images()).hasSize(2);
        assertThat(g.images().get(0).id()).isEqualTo("photos/a.png");
    }
}

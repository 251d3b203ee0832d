package pairviz.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Captions tell a figure's images apart by their shortest distinguishing path suffix. */
class CaptionsTest {
    private static final Path ROOT = Path.of("/data/scenes");

    @Test
    void numberedFilesOfClassFoldersGetTheirFolder() {
        List<Path> images = List.of(ROOT.resolve("images/0/0.png"), ROOT.resolve("images/1/0.png"), ROOT.resolve("images/2/0.png"));
        Captions c = Captions.of(images);
        assertThat(images.stream().map(c::of)).containsExactly("0/0.png", "1/0.png", "2/0.png");
    }

    @Test
    void aNameOnlyOneImageHasStaysShort() {
        Captions c = Captions.of(List.of(Path.of("/photos/cat.png"), ROOT.resolve("images/0/0.png"), ROOT.resolve("images/1/3.png")));
        assertThat(c.of(Path.of("/photos/cat.png"))).isEqualTo("cat.png");
        assertThat(c.of(ROOT.resolve("images/0/0.png"))).isEqualTo("0.png");
        assertThat(c.of(ROOT.resolve("images/1/3.png"))).isEqualTo("3.png");
    }

    @Test
    void asManyFoldersAsTellThemApartAndOneImageTwiceIsOneCaption() {
        Path a = Path.of("/a/x/0.png");
        Path b = Path.of("/b/x/0.png");
        Captions c = Captions.of(List.of(a, b, a));
        assertThat(c.of(a)).isEqualTo("a/x/0.png");
        assertThat(c.of(b)).isEqualTo("b/x/0.png");
        Path here = Path.of("0.png");
        assertThat(Captions.of(List.of(here, here.toAbsolutePath())).of(here)).isEqualTo("0.png");
    }
}

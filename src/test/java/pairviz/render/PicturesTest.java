package pairviz.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;
import pairviz.testutil.Fixtures;

class PicturesTest {
    @TempDir
    Path tmp;

    @Test
    void pngRoundTrip() throws IOException {
        BufferedImage img = new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB);
        img.setRGB(4, 2, 0xabcdef);
        img.setRGB(0, 0, 0x010203);
        Path f = tmp.resolve("sub/dir/pic.png");
        Pictures.writePng(img, f);
        assertThat(Fixtures.rgb(ImageIO.read(f.toFile()))).containsExactly(Fixtures.rgb(img));
        try (var files = Files.list(f.getParent())) {
            assertThat(files).containsExactly(f); // no temporary file left behind
        }
    }

    @Test
    void unwritableTargetIsAOneLineError() throws IOException {
        Path blocker = Files.writeString(tmp.resolve("file"), "x");
        Path f = blocker.resolve("pic.png"); // parent is a regular file
        assertThatThrownBy(() -> Pictures.writePng(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), f))
                .isInstanceOf(PairvizException.class)
                .hasMessage("cannot write picture " + f + ": " + blocker + " is in the way (not a folder)");
        assertThat(Files.readString(blocker)).isEqualTo("x");
    }
}

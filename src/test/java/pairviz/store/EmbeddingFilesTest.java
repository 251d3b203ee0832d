package pairviz.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

class EmbeddingFilesTest {
    @TempDir
    Path dir;

    @Test
    void labelledEmbeddingsRoundTrip() {
        LabelledEmbeddings data = new LabelledEmbeddings(
                FloatMatrix.of(new float[][] {{1, 2}, {3, 4}, {5, 6}}), List.of("cat", "Hôtel 12", "cat"));
        Path e = dir.resolve("e.npy");
        Path l = dir.resolve("l.txt");
        EmbeddingFiles.writeLabelled(e, l, data);
        assertThat(EmbeddingFiles.readLabelled(e, l)).isEqualTo(data);
    }

    @Test
    void readsLinesWithOrWithoutAFinalNewlineAndWithCrLf() throws Exception {
        Path f = dir.resolve("p.txt");
        Files.writeString(f, "a/b.jpg\r\nc d.png\ne");
        assertThat(EmbeddingFiles.readLines(f)).containsExactly("a/b.jpg", "c d.png", "e");
        Files.writeString(f, "");
        assertThat(EmbeddingFiles.readLines(f)).isEmpty();
        EmbeddingFiles.writeLines(f, List.of("x", "y"));
        assertThat(Files.readString(f)).isEqualTo("x\ny\n");
    }

    @Test
    void badTextFilesAreOneLineErrors() throws Exception {
        Path f = dir.resolve("l.txt");
        Files.writeString(f, "a\n\nb\n");
        assertThatThrownBy(() -> EmbeddingFiles.readLines(f)).isInstanceOf(PairvizException.class)
                .hasMessage(f + " line 2 is empty");
        Files.write(f, new byte[] {'a', '\n', (byte) 0xff, '\n'});
        assertThatThrownBy(() -> EmbeddingFiles.readLines(f)).hasMessage(f + " is not UTF-8 text");
        Path missing = dir.resolve("none.txt");
        assertThatThrownBy(() -> EmbeddingFiles.readLines(missing)).hasMessage("no such file: " + missing);
        assertThatThrownBy(() -> EmbeddingFiles.writeLines(f, List.of("ok", "two\nlines")))
                .isInstanceOf(PairvizException.class)
                .hasMessage("cannot write " + f + ": entry 2 is empty or holds a line break");
    }

    @Test
    void labelCountMustMatchRowCount() throws Exception {
        Path e = dir.resolve("e.npy");
        Path l = dir.resolve("l.txt");
        Npy.write(e, FloatMatrix.of(new float[][] {{1}, {2}, {3}}));
        Files.writeString(l, "a\nb\n");
        assertThatThrownBy(() -> EmbeddingFiles.readLabelled(e, l)).isInstanceOf(PairvizException.class)
                .hasMessage(l + " has 2 labels but " + e + " has 3 rows");
    }
}

package pairviz.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one output writer: standard output for {@code -} and fd 1, devices and pipes written
 * directly and left what they are, regular files replaced atomically, links kept.
 */
class AtomicFilesTargetsTest {
    @TempDir Path tmp;

    private static final int CHAR_DEVICE = 0020000;
    private static final int FIFO = 0010000;

    private static int fileType(Path p) throws Exception {
        return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0170000;
    }

    @Test
    void devNullStaysACharacterDevice() throws Exception {
        Path devNull = Path.of("/dev/null");
        assumeThat(Files.exists(devNull)).isTrue();
        assertThat(AtomicFiles.isDirect(devNull)).isTrue();
        JsonFiles.write(devNull, Map.of("score", 0.5));
        AtomicFiles.write(devNull, out -> out.write(new byte[1000]));
        assertThat(fileType(devNull)).isEqualTo(CHAR_DEVICE);
        try (var s = Files.list(Path.of("/dev"))) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith(".null"))).isEmpty(); // no temporary left
        }
    }

    @Test
    void dashAndLinksToFd1AreStandardOutput() throws Exception {
        Path link = tmp.resolve("out.json");
        Files.createSymbolicLink(link, Path.of("/proc/self/fd/1"));
        assertThat(AtomicFiles.isStdout(Path.of("-"))).isTrue();
        assertThat(AtomicFiles.isStdout(link)).isTrue();
        assertThat(AtomicFiles.isStdout(Path.of("/dev/stdout"))).isTrue();
        assertThat(AtomicFiles.isStdout(tmp.resolve("plain.json"))).isFalse();
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(ps);
            JsonFiles.write(Path.of("-"), Map.of("a", 1));
            JsonFiles.write(link, Map.of("b", 2));
        } finally {
            System.setOut(old);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("{\n  \"a\" : 1\n}\n{\n  \"b\" : 2\n}\n");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("/proc/self/fd/1"));
    }

    @Test
    void aFifoIsWrittenThroughAndStaysAFifo() throws Exception {
        Path fifo = tmp.resolve("pipe");
        assumeThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Path link = tmp.resolve("to-pipe");
        Files.createSymbolicLink(link, fifo);
        JsonFiles.write(link, Map.of("score", 1));
        assertThat(new String(read.get(20, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("{\n  \"score\" : 1\n}\n");
        assertThat(fileType(fifo)).isEqualTo(FIFO);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("pipe", "to-pipe");
        }
    }

    @Test
    void aRegularFileIsReplacedAtomicallyAndALinkToItKept() throws Exception {
        Path file = tmp.resolve("real.json");
        Files.writeString(file, "old");
        Path link = tmp.resolve("link.json");
        Files.createSymbolicLink(link, file);
        JsonFiles.write(link, Map.of("x", 1));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(file)).isEqualTo("{\n  \"x\" : 1\n}\n");
        // a failing writer leaves the old file and no temporary
        try {
            AtomicFiles.write(file, out -> {
                out.write("half".getBytes(StandardCharsets.UTF_8));
                throw new java.io.IOException("disk full");
            });
        } catch (java.io.UncheckedIOException expected) {
            assertThat(expected).hasMessageContaining("real.json");
        }
        assertThat(Files.readString(file)).isEqualTo("{\n  \"x\" : 1\n}\n");
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("real.json", "link.json");
        }
    }
}

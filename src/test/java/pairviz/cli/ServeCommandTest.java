package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.testutil.Fixtures;

/** {@code pairviz serve}: its answers to bad options (a working server is tested in pairviz.web). */
class ServeCommandTest {
    @TempDir Path tmp;

    static final String WEIGHTS = Fixtures.fixture("vit_tiny.pth").toString();

    @Test
    void aMissingGalleryIsOneLine() {
        Path missing = tmp.resolve("nope");
        CliRunner.Result r = CliRunner.run("serve", "--weights", WEIGHTS, "--heads", "4", "--port", "0",
                "--gallery", missing.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).isEqualTo("pairviz: --gallery " + missing + ": no such folder");
    }

    @Test
    void aGalleryWithoutImagesIsRefused() throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "no photos here"); // (loose photos are a flat gallery)
        CliRunner.Result r = CliRunner.run("serve", "--weights", WEIGHTS, "--heads", "4", "--port", "0",
                "--gallery", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no images in class folders");
    }

    @Test
    void aTakenPortIsOneLine() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRunner.Result r = CliRunner.run("serve", "--weights", WEIGHTS, "--heads", "4",
                    "--port", String.valueOf(taken.getLocalPort()));
            assertThat(r.exitCode()).isEqualTo(2);
            // the last line, after what the server said while starting (the gallery it drew and embedded)
            List<String> said = r.err().lines().toList();
            assertThat(said.get(said.size() - 1)).startsWith("pairviz: cannot serve on 127.0.0.1:" + taken.getLocalPort());
            assertThat(r.err()).doesNotContain("\tat ");
        }
    }

    @Test
    void badLimitsAreRefusedBeforeLoadingTheModel() {
        CliRunner.Result r = CliRunner.run("serve", "--weights", tmp.resolve("absent.pth").toString(), "--port", "70000");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).isEqualTo("pairviz: --port must be between 0 and 65535, not 70000");
    }
}

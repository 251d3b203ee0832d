package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.testutil.Fixtures;

/**
 * A whole process, as the launcher runs it ({@link Main#main}): the engine starts on its own
 * thread beside the command, after the JDK's natives are linked; an explanation completes and
 * exits 0, and a bad image still ends in one line and exit 2, the engine's thread joined first.
 */
class ProcessStartTest {
    @TempDir
    Path tmp;

    private record Outcome(int exitCode, String output) {}

    private Outcome run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void anExplanationRunsWithTheEngineStartedBesideIt() throws Exception {
        Path json = tmp.resolve("e.json");
        Outcome o = run("explain", Fixtures.fixture("blob0_64.png").toString(), Fixtures.fixture("blob1_64.png").toString(),
                "--weights", Fixtures.fixture("vit_tiny.pth").toString(), "--heads", "4", "--norm", "imagenet",
                "--mode", "reference", "--json", json.toString(), "--no-pictures");
        assertThat(o.exitCode()).as(o.output()).isZero();
        assertThat(o.output()).startsWith("score ").contains("(mode reference)");
        assertThat(Files.readString(json)).contains("\"score\"");
    }

    @Test
    void aBadImageIsOneLineAndExit2() throws Exception {
        Path notAnImage = Files.writeString(tmp.resolve("a.png"), "not an image");
        Outcome o = run("explain", notAnImage.toString(), Fixtures.fixture("blob1_64.png").toString(),
                "--weights", Fixtures.fixture("vit_tiny.pth").toString(), "--heads", "4", "--norm", "imagenet");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.output().lines()).hasSize(1).allMatch(l -> l.startsWith("pairviz: ") && l.contains("a.png"));
    }
}

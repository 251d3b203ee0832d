package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.data.scenes.SceneFiles;
import picocli.CommandLine;

class DataCommandTest {

    @TempDir
    Path tmp;

    private static String run(StringWriter out, String... args) {
        CommandLine cl = new CommandLine(new DataCommand());
        cl.setOut(new PrintWriter(out));
        int rc = cl.execute(args);
        assertThat(rc).as("exit code").isZero();
        return out.toString();
    }

    @Test
    void scenesWritesTheTreeQuickly() throws Exception {
        Path dir = tmp.resolve("scenes");
        String[] options = {"--classes", "3", "--per-class", "2", "--size", "48", "--seed", "9",
            "--signatures", "2-3", "--distractors", "1", "--distractor-pool", "4"};
        String out = run(new StringWriter(), concat(new String[] {"scenes", "--out", dir.toString()}, options));
        // Timed once the JVM has loaded ImageIO, Jackson and picocli (about 1 s on a cold JVM).
        long start = System.nanoTime();
        run(new StringWriter(), concat(new String[] {"scenes", "--out", tmp.resolve("again").toString()}, options));
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(1.0);

        assertThat(out).startsWith("wrote 6 images of 3 classes (48x48, seed 9) to " + dir);
        for (String folder : new String[] {"images", "masks", "segmentation"}) {
            assertThat(dir.resolve(folder).resolve("2").resolve("1.png")).isRegularFile();
        }
        assertThat(SceneFiles.objects(dir, 2, 1)).isRegularFile();
        var manifest = SceneFiles.readManifest(SceneFiles.manifest(dir));
        assertThat(manifest.spec().seed()).isEqualTo(9);
        assertThat(manifest.spec().maxSignatures()).isEqualTo(3);
        assertThat(manifest.distractors()).hasSize(4);
        assertThat(manifest.classes()).allSatisfy(c -> assertThat(c.signatures().size()).isBetween(2, 3));

        String info = run(new StringWriter(), "info", dir.toString(), "--split", "classes:0.34");
        assertThat(info).isEqualTo("format: scenes\nscenes: train 2 images / 1 classes, test 4 images / 2 classes\n"
                .replace("\n", System.lineSeparator()));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void badRangesAreOneLineErrors() {
        // the library names its parameter ("signatures"); the command line calls it by its flag
        assertThat(CliRunner.run("data", "scenes", "--out", tmp.toString(), "--signatures", "4-2").problem())
                .isEqualTo("pairviz: --signatures must be a range MIN-MAX with 1 <= MIN <= MAX, got 4-2");
        assertThat(CliRunner.run("data", "scenes", "--out", tmp.toString(), "--scale", "0.1-x").problem())
                .startsWith("pairviz: Invalid value for option '--scale': must be MIN-MAX or a single number, got '0.1-x'");
        assertThat(CliRunner.run("data", "scenes", "--out", tmp.toString(), "--distractors", "1.5").problem())
                .startsWith("pairviz: Invalid value for option '--distractors': must be whole numbers MIN-MAX, got '1.5'");
        assertThat(Range.parse(" 0.05 - 0.2 ")).isEqualTo(new Range(0.05, 0.2));
        assertThat(Range.parse("3")).isEqualTo(new Range(3, 3));
        assertThat(Files.exists(tmp.resolve("scenes.json"))).isFalse();
    }
}

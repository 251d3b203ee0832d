package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A training run resumes only on the images it started with: a dataset that changed since is refused. */
class TrainResumeDataTest {
    @TempDir Path tmp;

    private static int run(java.io.StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void aDatasetWithAnImageMoreIsNotTheRunsDataset() throws Exception {
        Path scenes = tmp.resolve("scenes");
        assertThat(run(new java.io.StringWriter(), "data", "scenes", "--out", scenes.toString(), "--classes", "4",
                "--per-class", "4", "--size", "32", "--quiet")).isZero();
        Path out = tmp.resolve("run");
        Path folders = scenes.resolve("images"); // class folders, listed as they are found
        String[] train = {"train", "--data", folders.toString(), "--iterations", "1", "--batch-classes", "2",
            "--batch-per-class", "2", "--out", out.toString(), "--quiet"};
        java.io.StringWriter err = new java.io.StringWriter();
        assertThat(run(err, train)).as(err.toString()).isZero();
        String[] resume = {"train", "--resume", "--out", out.toString(), "--quiet"};
        err = new java.io.StringWriter();
        assertThat(run(err, resume)).as(err.toString()).isZero();

        Path images = folders.resolve("0");
        Files.copy(images.resolve("0.png"), images.resolve("9.png"));
        err = new java.io.StringWriter();
        assertThat(run(err, resume)).isEqualTo(2);
        assertThat(err.toString()).startsWith("pairviz: --resume continues the run as it was started, but in " + folders
                + " its train images (8 images, sha256 ").contains(") are now 9 images, sha256 ").hasLineCount(1);
    }
}

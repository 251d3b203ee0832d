package pairviz.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a real {@code pairviz spark embed} (its own JVM, sent SIGINT once a partition is
 * written): exit code 130 and one line saying it was interrupted, not an internal error; the
 * partitions written stay whole (SparkJobsTest shows a rerun resuming from them).
 */
class InterruptionTest {
    @TempDir Path tmp;

    @Test
    void ctrlCExits130AndKeepsTheFinishedPartitions() throws Exception {
        Path data = tmp.resolve("data");
        Random random = new Random(3);
        for (int c = 0; c < 4; c++) {
            Files.createDirectories(data.resolve("c" + c));
            for (int i = 0; i < 100; i++) {
                BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                for (int p = 0; p < 32 * 32; p++) {
                    img.setRGB(p % 32, p / 32, random.nextInt(1 << 24));
                }
                ImageIO.write(img, "png", data.resolve("c" + c).resolve(i + ".png").toFile());
            }
        }
        Path out = tmp.resolve("out");
        List<String> args = List.of("embed", "--master", "local[1]", "--threads", "1", "--weights", RefusalsTest.WEIGHTS.toString(),
                "--data", data.toString(), "--subset", "all", "--partitions", "100", "--out", out.toString());
        List<String> command = TestJvm.command(List.of(), SparkCli.class.getName(), args);
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (parts(out) < 2 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(p.isAlive(), "the run ended before it could be interrupted: " + Files.readString(err));
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running after SIGINT");
        } finally {
            p.destroyForcibly();
        }
        String said = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(130, p.exitValue(), said);
        List<String> lines = said.lines().filter(l -> l.startsWith("pairviz:")).toList();
        assertEquals(1, lines.size(), said);
        assertTrue(lines.get(0).startsWith("pairviz: interrupted: what was finished is kept"), said);
        assertFalse(said.contains("internal error"), said);
        int kept = parts(out);
        assertTrue(kept >= 2 && kept < 100, "partitions kept: " + kept);
    }

    /** Partition files written (whole) in {@code out}. */
    private static int parts(Path out) throws IOException {
        if (!Files.isDirectory(out)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(out)) {
            return (int) files.filter(f -> f.getFileName().toString().matches("part-\\d+\\.parquet")).count();
        }
    }
}

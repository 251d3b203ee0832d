package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pairviz train} end to end on tiny scenes: both optimizers, the manifest, resume checks, errors. */
class TrainCommandTest {
    @TempDir
    Path dir;

    private Path scenes;

    @BeforeEach
    void scenes() {
        scenes = dir.resolve("scenes");
        assertThat(CliRunner.run("data", "scenes", "--out", scenes.toString(), "--classes", "4", "--per-class", "4",
                "--size", "32", "--seed", "3", "--quiet").exitCode()).isZero();
    }

    private CliRunner.Result train(String run, String... extra) {
        String[] base = {"train", "--data", scenes.toString(), "--model", "vit-tiny", "--loss", "proxy-anchor",
                "--iterations", "4", "--checkpoint-every", "2", "--batch-classes", "2", "--batch-per-class", "2",
                "--out", dir.resolve(run).toString(), "--quiet", "--threads", "1"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRunner.run(args);
    }

    @Test
    void adamWRunRecordsItsOptimizerEvaluatesAndRefusesAnotherOnResume() throws Exception {
        CliRunner.Result r = train("run", "--optimizer", "adamw", "--lr", "0.001");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("iteration 4 of 4", "recall_at_1 ", "map_at_r ");
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("run/checkpoints/iter-000004.json").toFile());
        assertThat(manifest.get("config").get("optimizer").asText()).isEqualTo("adamw");
        assertThat(manifest.get("metrics").get("recall_at_1").asDouble()).isBetween(0.0, 1.0);
        assertThat(manifest.get("command").asText()).startsWith("pairviz train --data ").contains("--optimizer adamw");

        CliRunner.Result resumed = CliRunner.run("train", "--out", dir.resolve("run").toString(), "--resume",
                "--optimizer", "sgd", "--quiet");
        assertThat(resumed.exitCode()).isEqualTo(2);
        assertThat(resumed.err().strip()).isEqualTo("pairviz: --resume continues the run as it was started, but "
                + "--optimizer sgd (the run has adamw)");
    }

    @Test
    void anUnknownOptimizerIsOneLine() {
        CliRunner.Result r = train("bad", "--optimizer", "adam");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("pairviz: unknown optimizer 'adam': use sgd or adamw");
    }
}

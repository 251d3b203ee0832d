package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.testutil.Fixtures;

/** {@code bench} names the CPU first; {@code bench --profile} prints where a pair's time goes, per kind of step. */
class BenchProfileTest {
    @TempDir Path tmp;

    @Test
    void benchNamesTheCpuFirstAndProfilesAForwardPassAndAGradientModesKeptPass() throws java.io.IOException {
        Path weights = tmp.resolve("tiny.safetensors"); // bench has no --heads: the checkpoint says it
        SafetensorsWriter.write(weights, Checkpoints.read(Fixtures.fixture("vit_tiny.safetensors")), Map.of("heads", "4"));
        CliRunner.Result r = CliRunner.run("bench", "--weights", weights.toString(),
                "--pairs", "1", "--warmup", "0", "--modes", "reference,grad-rollout", "--profile");
        String out = r.out(); // bench prints through picocli's writer, as every command does
        assertThat(r.exitCode()).as(r.err() + out).isZero();
        assertThat(out.lines().findFirst().orElseThrow()).startsWith("CPU: ").contains("vector extensions: ");
        assertThat(out).contains("profile of mode reference").contains("profile of mode grad-rollout")
                .contains("MLP products (fc1, fc2)").contains("softmax").contains("layer norms")
                .contains("rest: input into libtorch, rollout matrices, copies to Java")
                .contains("the mode's own work (backward passes through the kept forward pass, rollout products, maps)")
                .containsPattern("query/key/value projections +[0-9.]+ ms +[0-9.]+% +[0-9]+ GFLOP/s \\(x[0-9.]+ of the rate\\)");
    }
}

package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The network's input size is --size in every command, train included (it was --image-size there). */
class OneNamePerConceptTest {
    @TempDir Path tmp;

    private static List<CommandLine> all(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>(List.of(cl));
        cl.getSubcommands().values().forEach(c -> out.addAll(all(c)));
        return out;
    }

    @Test
    void noCommandHasAnImageSizeOption() {
        List<CommandLine> commands = all(Main.commandLine());
        assertThat(commands).allMatch(c -> c.getCommandSpec().findOption("--image-size") == null);
        assertThat(commands.stream().filter(c -> c.getCommandSpec().findOption("--size") != null)
                .map(c -> c.getCommandSpec().name())).contains("train", "explain", "embed", "inspect");
    }

    @Test
    void trainSizeSetsTheInputSize() {
        Path scenes = tmp.resolve("scenes");
        assertThat(CliRunner.run("data", "scenes", "--out", scenes.toString(), "--classes", "4", "--per-class", "4",
                "--size", "32", "--quiet").exitCode()).isZero();
        Path run = tmp.resolve("run");
        CliRunner.Result r = CliRunner.run("train", "--data", scenes.toString(), "--size", "48", "--iterations", "1",
                "--batch-classes", "2", "--batch-per-class", "2", "--out", run.toString(), "--quiet");
        assertThat(r.exitCode()).as(r.err()).isZero();
        CliRunner.Result i = CliRunner.run("inspect", run.resolve("checkpoints/iter-000001.safetensors").toString());
        assertThat(i.out()).contains("input:        48 x 48");

        CliRunner.Result old = CliRunner.run("train", "--data", scenes.toString(), "--image-size", "48", "--out", run.toString());
        assertThat(old.exitCode()).isEqualTo(2);
        assertThat(old.err()).isEqualTo("pairviz: unknown option '--image-size' (see 'pairviz train --help')" + System.lineSeparator());
    }
}

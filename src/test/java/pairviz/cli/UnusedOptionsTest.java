package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Options that would do nothing in a command are not in it: given anyway, they are refused in one line. */
class UnusedOptionsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rollout --mode reference a.png --weights w.pth | --mode does nothing in pairviz rollout: the output-agnostic rollout "
                + "is one map, the same in every mode (--head-fusion and --start-layer shape it); leave it out (see 'pairviz rollout --help')",
        "rollout --mode=none a.png --weights w.pth | --mode does nothing in pairviz rollout: the output-agnostic rollout "
                + "is one map, the same in every mode (--head-fusion and --start-layer shape it); leave it out (see 'pairviz rollout --help')",
        "inspect --batch 4 w.pth | --batch does nothing in pairviz inspect: inspect reads the checkpoint and runs nothing; "
                + "leave it out (see 'pairviz inspect --help')",
        "inspect w.pth --precision bf16 | --precision does nothing in pairviz inspect: inspect reads the checkpoint and runs "
                + "nothing; leave it out (see 'pairviz inspect --help')",
        "rollout --shared-scale a.png --weights w.pth | unknown option '--shared-scale' (see 'pairviz rollout --help')",
        "matrix --shared-scale a.png b.png --weights w.pth | unknown option '--shared-scale' (see 'pairviz matrix --help')",
    })
    void areRefused(String args, String message) {
        CliRunner.Result r = CliRunner.run(args.split(" "));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pairviz: " + message + System.lineSeparator());
    }

    @ParameterizedTest
    @CsvSource({"rollout, --mode", "rollout, --shared-scale", "matrix, --shared-scale", "inspect, --batch", "inspect, --precision"})
    void areNotInTheHelp(String command, String option) {
        CommandLine c = Main.commandLine().getSubcommands().get(command);
        assertThat(c.getCommandSpec().findOption(option)).isNull();
        assertThat(c.getUsageMessage(CommandLine.Help.Ansi.OFF)).doesNotContain(option + "=").doesNotContain(option + " ");
    }
}

package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A mistyped command or option: one line naming it, with picocli's nearest names, exit 2. */
class SuggestionsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "explian a.png b.png | unknown command 'explian'; did you mean explain? (see 'pairviz --help')",
        "data sceens | unknown command 'sceens'; did you mean scenes? (see 'pairviz data --help')",
        "embed --subst test | unknown option '--subst'; did you mean --subset? (see 'pairviz embed --help')",
        "explain --weigths w.pth a.png b.png | unknown option '--weigths'; did you mean --weights? (see 'pairviz explain --help')",
        "embed --zzzzzz | unknown option '--zzzzzz' (see 'pairviz embed --help')",
        "qqqqq | unknown command 'qqqqq' (see 'pairviz --help')",
    })
    void mistypesAreNamedWithTheirNearestNames(String args, String message) {
        CliRunner.Result r = CliRunner.run(args.split(" "));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pairviz: " + message + System.lineSeparator());
    }

    @Test
    void otherUsageMistakesKeepPicocliWords() {
        CliRunner.Result r = CliRunner.run("embed", "--data", "d");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pairviz: Missing required options: '--weights=FILE', '--out=E.npy' "
                + "(see 'pairviz embed --help')" + System.lineSeparator());
    }
}

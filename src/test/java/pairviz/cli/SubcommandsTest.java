package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run that names its command builds only that command; anything else gets the whole list. */
class SubcommandsTest {
    @Test
    void eachNameIsTheNameItsCommandDeclares() {
        CommandLine all = Main.commandLine();
        assertThat(all.getSubcommands().keySet()).containsSubsequence(Subcommands.names().toArray(String[]::new));
        assertThat(all.getSubcommands().keySet()).containsAll(Subcommands.names());
        assertThat(Subcommands.names()).containsAll(Subcommands.RUN_A_NETWORK);
    }

    @Test
    void aRunThatNamesItsCommandBuildsThatCommandOnly() {
        CommandLine one = Main.commandLine("explain", "a.png", "b.png");
        assertThat(one.getSubcommands().keySet()).containsExactlyInAnyOrder("help", "explain"); // help: picocli's own
        java.io.StringWriter out = new java.io.StringWriter();
        CommandLine help = Main.commandLine("explain", "--help");
        help.setOut(new java.io.PrintWriter(out));
        assertThat(help.execute("explain", "--help")).isZero();
        assertThat(out.toString()).contains("pairviz explain");
    }

    @Test
    void anythingElseGetsEveryCommand() {
        int all = Main.commandLine().getSubcommands().size();
        assertThat(Main.commandLine("--verbose", "explain").getSubcommands()).hasSize(all);
        assertThat(Main.commandLine("explian").getSubcommands()).hasSize(all); // for the suggestion
        assertThat(Main.commandLine().getSubcommands()).hasSize(all);
    }

    @Test
    void aMisspelledCommandIsStillSuggested() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cl = Main.commandLine("explian");
        cl.setErr(new java.io.PrintWriter(err));
        assertThat(cl.execute("explian")).isEqualTo(2);
        assertThat(err.toString()).contains("explain");
    }
}

package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help} breaks lines at spaces only, within 80 columns, and lists commands by whole sentences. */
class HelpLayoutTest {

    private static List<String> commands(CommandLine cl) {
        List<String> out = new ArrayList<>();
        cl.getSubcommands().forEach((name, sub) -> {
            out.add(sub.getCommandSpec().qualifiedName(" "));
            out.addAll(commands(sub));
        });
        return out;
    }

    private static String usage(String command, int width) {
        return usage(command, withWidth(width));
    }

    private static CommandLine withWidth(int width) {
        CommandLine cl = Main.commandLine();
        cl.setUsageHelpWidth(width);
        return cl;
    }

    private static String usage(String command, CommandLine cl) {
        CommandLine c = cl;
        for (String part : command.split(" ")) {
            c = part.equals("pairviz") ? c : c.getSubcommands().get(part);
        }
        return c.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** Every word of every help is whole: the text at 80 columns is the text on one long line, spaces aside. */
    @Test
    void noHelpBreaksAWordOrPassesEightyColumns() {
        List<String> all = new ArrayList<>(List.of("pairviz"));
        all.addAll(commands(Main.commandLine()));
        all.remove("pairviz help");
        assertThat(all).contains("pairviz embed", "pairviz data scenes");
        CommandLine at80 = withWidth(80);
        CommandLine at4000 = withWidth(4000);
        for (String command : all) {
            String narrow = usage(command, at80);
            String wide = usage(command, at4000);
            assertThat(narrow.lines()).as(command).allMatch(l -> l.length() <= 80);
            assertThat(narrow.replaceAll("\\s+", " ")).as(command).isEqualTo(wide.replaceAll("\\s+", " "));
        }
    }

    @Test
    void theCommandListGivesFirstSentencesBrokenAtSpaces() {
        String help = usage("pairviz", 80);
        assertThat(help).contains("""
                  embed          Writes E.npy (float32, one row per image), E.labels.txt and
                                   E.paths.txt.
                """.replace("\n", System.lineSeparator()));
        assertThat(help).contains(
                "  faithfulness   Measures how faithful similarity maps are." + System.lineSeparator());
    }

    @Test
    void aSummaryIsTheFirstSentenceWhateverTheLinesOfTheDescription() {
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create();
        spec.usageMessage().description("Retrieval metrics under cosine similarity: Recall@K, MAP@R,",
                "R-precision (exact search, ties broken by gallery order). Also E.npy files. More.");
        assertThat(HelpLayout.summary(spec)).isEqualTo(
                "Retrieval metrics under cosine similarity: Recall@K, MAP@R, R-precision (exact search, ties broken by gallery order).");
    }

    @Test
    void listsInADescriptionKeepTheirHangingIndent() {
        assertThat(HelpLayout.reflow(List.of("Scores each method:", "  deletion  replace the patches, highest first, by the mean",
                "            colour", "  insertion restore them", "Then prints a table."), 40)).isEqualTo(String.join(
                System.lineSeparator(), "Scores each method:", "  deletion  replace the patches, highest", "            first, by the mean colour",
                "  insertion restore them", "Then prints a table.", ""));
    }
}

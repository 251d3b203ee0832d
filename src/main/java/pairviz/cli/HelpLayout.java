package pairviz.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How {@code --help} is laid out. Picocli wraps text where {@link java.text.BreakIterator} allows,
 * which includes after a dot, slash or colon inside a word ("E.npy, E.labels.txt and E." /
 * "paths.txt"); here lines break at spaces only. The command list gives each command's first whole
 * sentence, not the first line of its description cut where the line ended.
 */
final class HelpLayout {
    private HelpLayout() {}

    /** Width of the help, in columns (picocli's default). */
    static final int WIDTH = 80;

    /** Marks inside a word where BreakIterator breaks, each with a letter that stands in for it while text is laid out. */
    private static final String MARKS = "./:,=_)](['";
    private static final String STAND_INS = "\u00fe\u00fd\u00f0\u00f1\u00f8\u00e6\u00e5\u00e7\u00e9\u00e8\u00eb";
    private static final Pattern IN_WORD = Pattern.compile("(?<=\\S)[./:,=_)\\](\\['](?=\\S)");

    /** The end of a command's first sentence: a full stop, then a space and no lower-case word. */
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=\\s+[^a-z\\s]|\\s*$)");

    /** Lays out the help of {@code cl} and all its subcommands (call after they are added). */
    static void install(CommandLine cl) {
        cl.setUsageHelpWidth(WIDTH);
        cl.setHelpFactory(Words::new);
        for (CommandLine c : all(cl)) {
            c.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpLayout::commandList);
        }
    }

    private static List<CommandLine> all(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>(List.of(cl));
        cl.getSubcommands().values().forEach(s -> out.addAll(all(s)));
        return out;
    }

    /** The first whole sentence of a command's header, or else of its description. */
    static String summary(CommandSpec spec) {
        String[] lines = spec.usageMessage().header().length > 0 ? spec.usageMessage().header() : spec.usageMessage().description();
        String text = String.join(" ", lines).replaceAll("%n", " ").replaceAll("\\s+", " ").strip();
        Matcher m = SENTENCE_END.matcher(text);
        return m.find() ? text.substring(0, m.end()) : text;
    }

    private static String commandList(Help help) {
        Map<String, Help> subcommands = help.subcommands();
        if (subcommands.isEmpty()) {
            return "";
        }
        TextTable table = new Table(help.colorScheme(), help.createTextTable(subcommands).columns());
        for (Map.Entry<String, Help> e : subcommands.entrySet()) {
            if (e.getValue().commandSpec().usageMessage().hidden()) {
                continue;
            }
            table.addRowValues(help.colorScheme().commandText(e.getKey()),
                    help.colorScheme().text(summary(e.getValue().commandSpec())));
        }
        return table.toString();
    }

    /** Picocli's help with the descriptions and option lists laid out by {@link Table}. */
    private static final class Words extends Help {
        Words(CommandSpec spec, ColorScheme scheme) {
            super(spec, scheme);
        }

        @Override
        public Layout createDefaultLayout() {
            Layout base = super.createDefaultLayout();
            return new Layout(colorScheme(), new Table(colorScheme(), base.textTable().columns()),
                    createDefaultOptionRenderer(), createDefaultParameterRenderer());
        }

        /** The synopsis, as picocli lays it out (after the command name, wrapped lines aligned), broken at spaces. */
        @Override
        protected String insertSynopsisCommandName(int headingLength, Text optionText) {
            String name = commandSpec().qualifiedName();
            TextTable table = new Table(colorScheme(), new Column[] {
                new Column(commandSpec().usageMessage().width(), 0, Column.Overflow.WRAP)});
            table.indentWrappedLines = headingLength + name.length() + 1;
            Text padding = CommandLine.Help.Ansi.OFF.new Text("X".repeat(headingLength), colorScheme());
            table.addRowValues(padding.concat(colorScheme().commandText(name)).concat(optionText));
            return table.toString().substring(headingLength);
        }

        @Override
        public String description(Object... params) {
            String[] paragraphs = commandSpec().usageMessage().description();
            if (paragraphs.length == 0) {
                return "";
            }
            List<String> lines = new ArrayList<>();
            for (String p : paragraphs) {
                lines.addAll(List.of(String.format(p, params).split("\\R", -1)));
            }
            return reflow(lines, commandSpec().usageMessage().width());
        }
    }

    /** An item of a list in a description: "  name    what it is". */
    private static final Pattern ITEM = Pattern.compile("^( {1,7}\\S.*?\\s{2,})(?=\\S)");

    /**
     * A description's lines as paragraphs filled to {@code width}: lines without indent join the
     * paragraph before them, list items ("  name    text") keep their hanging indent and take
     * the lines indented as far as their text; an empty line separates paragraphs.
     */
    static String reflow(List<String> lines, int width) {
        List<String[]> blocks = new ArrayList<>(); // {first-line prefix, hanging indent, text}
        for (String line : lines) {
            int lead = line.length() - line.stripLeading().length();
            String[] last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            Matcher item = ITEM.matcher(line);
            if (line.isBlank()) {
                blocks.add(new String[] {"", "", ""});
            } else if (lead == 0 && last != null && last[1].isEmpty() && !last[2].isEmpty()) {
                last[2] += " " + line.strip();
            } else if (lead == 0) {
                blocks.add(new String[] {"", "", line.strip()});
            } else if (item.find()) {
                blocks.add(new String[] {item.group(1), " ".repeat(item.group(1).length()), line.substring(item.end()).strip()});
            } else if (last != null && !last[1].isEmpty() && last[1].length() == lead) {
                last[2] += " " + line.strip();
            } else {
                blocks.add(new String[] {" ".repeat(lead), " ".repeat(lead), line.strip()});
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] b : blocks) {
            fill(out, b[0], b[1], b[2], width);
        }
        return out.toString();
    }

    /** Words of {@code text} in lines of at most {@code width} (a longer word alone on its line). */
    private static void fill(StringBuilder out, String prefix, String hanging, String text, int width) {
        StringBuilder line = new StringBuilder(prefix);
        boolean empty = true;
        for (String word : text.split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!empty && line.length() + 1 + word.length() > width) {
                out.append(line.toString().stripTrailing()).append(System.lineSeparator());
                line = new StringBuilder(hanging);
                empty = true;
            }
            line.append(empty ? "" : " ").append(word);
            empty = false;
        }
        out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }

    /** A text table whose lines break at spaces only. */
    private static final class Table extends TextTable {
        private final ColorScheme scheme;

        Table(ColorScheme scheme, Column[] columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            String plain = value.plainString();
            if (!value.toString().equals(plain)) { // styled: left as it is
                return super.putValue(row, col, value);
            }
            Matcher m = IN_WORD.matcher(plain);
            String hidden = m.replaceAll(r -> String.valueOf(STAND_INS.charAt(MARKS.indexOf(r.group().charAt(0)))));
            return super.putValue(row, col, scheme.ansi().new Text(hidden, scheme));
        }

        @Override
        public StringBuilder toString(StringBuilder text) {
            int from = text.length();
            super.toString(text);
            for (int i = from; i < text.length(); i++) {
                int k = STAND_INS.indexOf(text.charAt(i));
                if (k >= 0) {
                    text.setCharAt(i, MARKS.charAt(k));
                }
            }
            return text;
        }

        @Override
        public String toString() {
            return toString(new StringBuilder()).toString();
        }
    }
}

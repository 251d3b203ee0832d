package pairviz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library speaks in its parameters' names, never in command-line flags: only {@code pairviz.cli}
 * knows the flags (it renames the parameters of a {@link BadParameterException} to them).
 */
class LibraryMessagesTest {
    private static final Path MAIN = Path.of("src/main/java/pairviz");
    /** A flag: two dashes and a letter, not inside a word or a run of dashes ("rw-r--r--", "----boundary"). */
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z]");
    /** The launcher's own option, which a library message may name: it is not a flag of the Java command line. */
    private static final String LAUNCHER_HINT = "./pairviz --rebuild";

    @Test
    void noStringLiteralOutsideTheCommandLineNamesAFlag() throws IOException {
        List<String> found = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                if (f.startsWith(MAIN.resolve("cli"))) {
                    continue;
                }
                scanned++;
                for (String literal : stringLiterals(Files.readString(f))) {
                    if (FLAG.matcher(literal.replace(LAUNCHER_HINT, "")).find()) {
                        found.add(f + ": \"" + literal + "\"");
                    }
                }
            }
        }
        assertThat(scanned).as("library sources scanned").isGreaterThan(100);
        assertThat(found).isEmpty();
    }

    @Test
    void theScanFindsFlagsInLiteralsButNotInCommentsOrDashRuns() {
        String source = """
                // a comment about --start-layer
                /* and --mode here */ String a = "rw-r--r--" + "----boundary";
                String b = "see --top" + 'x' + "it's \\" --quoted\\"";
                """;
        assertThat(stringLiterals(source)).containsExactly("rw-r--r--", "----boundary", "see --top", "it's \\\" --quoted\\\"");
        assertThat(stringLiterals(source).stream().filter(s -> FLAG.matcher(s).find())).hasSize(2);
    }

    @Test
    void aBadParameterIsNamedInWordsAndCanBeRenamed() {
        BadParameterException e = new BadParameterException("{iterations} 0 only evaluates, and needs {init} weights");
        assertThat(e).hasMessage("iterations 0 only evaluates, and needs init weights");
        assertThat(e.parameters()).containsExactly("iterations", "init");
        assertThat(e.message(n -> "--" + n)).isEqualTo("--iterations 0 only evaluates, and needs --init weights");
        assertThat(BadParameterException.of("start layer", "must be 0 or more, not -1").message(n -> n.replace(' ', '_')))
                .isEqualTo("start_layer must be 0 or more, not -1");
        assertThat(e.exitCode()).isEqualTo(PairvizException.BAD_INPUT);
    }

    /** The contents of the string literals (text blocks and char literals skipped), comments left out. */
    static List<String> stringLiterals(String java) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = java.length();
        while (i < n) {
            char c = java.charAt(i);
            if (java.startsWith("//", i)) {
                i = java.indexOf('\n', i);
                i = i < 0 ? n : i;
            } else if (java.startsWith("/*", i)) {
                int end = java.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (java.startsWith("\"\"\"", i)) {
                int end = java.indexOf("\"\"\"", i + 3);
                out.add(java.substring(i + 3, end < 0 ? n : end));
                i = end < 0 ? n : end + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && java.charAt(j) != c && java.charAt(j) != '\n') {
                    j += java.charAt(j) == '\\' ? 2 : 1;
                }
                if (c == '"') {
                    out.add(java.substring(i + 1, Math.min(j, n)));
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return out;
    }
}

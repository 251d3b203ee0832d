package pairviz.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage mistake in words, with "did you mean" for a mistyped command or option (picocli's own
 * suggestions, by similarity of the names). An unknown option is named before a required one
 * that seems missing: "--weigths x" is reported as the misspelt --weights, not as --weights missing.
 */
final class Suggestions {
    private Suggestions() {}

    /** Most names suggested. */
    private static final int MOST = 3;

    static String message(ParameterException e) {
        CommandLine cl = e.getCommandLine();
        List<String> unmatched = cl.getUnmatchedArguments();
        UnmatchedArgumentException u = e instanceof UnmatchedArgumentException x ? x
                : unmatched.isEmpty() ? null : new UnmatchedArgumentException(cl, unmatched);
        if (u == null || u.getUnmatched().isEmpty()) {
            return e.getMessage();
        }
        String first = u.getUnmatched().get(0);
        String what;
        String unused = first.startsWith("-") ? UnusedOptions.reason(cl, first) : null;
        if (unused != null) {
            return first.replaceFirst("=.*", "") + " does nothing in " + cl.getCommandSpec().qualifiedName() + ": " + unused
                    + "; leave it out";
        } else if (first.startsWith("-")) {
            what = "unknown option '" + first + "'";
        } else if (!cl.getSubcommands().isEmpty()) {
            what = "unknown command '" + first + "'";
        } else {
            return e.getMessage();
        }
        List<String> suggested = u.getSuggestions();
        if (suggested.isEmpty()) {
            return what;
        }
        List<String> some = suggested.subList(0, Math.min(MOST, suggested.size()));
        return what + "; did you mean " + (some.size() == 1 ? some.get(0)
                : String.join(", ", some.subList(0, some.size() - 1)) + " or " + some.get(some.size() - 1)) + "?";
    }
}

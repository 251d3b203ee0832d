package pairviz.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process and captures what it prints. */
final class CliRunner {
    record Result(int exitCode, String out, String err) {
        /**
         * What standard error says besides the loader's note on the preprocessing it assumed (said
         * once when a model loads, before any input is read: information, not the problem), stripped.
         */
        String problem() {
            return withoutNotes(err);
        }
    }

    /** {@code err} without the loader's note on assumed preprocessing, stripped. */
    static String withoutNotes(String err) {
        return String.join("\n", err.lines()
                .filter(l -> !l.contains("nothing in the model says how to preprocess its images")).toList()).strip();
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        return run(new PrintWriter(out, true), out, args);
    }

    /**
     * Runs with standard output going to {@code stdout} ({@link Result#out()} then empty), as a
     * real run interleaves a command's lines with the data it writes there.
     */
    static Result runTo(PrintWriter stdout, String... args) {
        return run(stdout, null, args);
    }

    private static Result run(PrintWriter stdout, StringWriter out, String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(stdout);
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        stdout.flush();
        return new Result(code, out == null ? "" : out.toString(), err.toString());
    }

    private CliRunner() {}
}

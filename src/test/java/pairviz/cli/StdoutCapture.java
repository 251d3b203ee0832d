package pairviz.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Runs a command line in-process with {@code System.out} and {@code System.err} captured: data
 * written to standard output ({@code --json -}) goes there as bytes, and {@link #run} sends picocli's
 * standard output there too, in order, as a real run does (picocli's standard error stays in
 * {@link CliRunner.Result#err()}).
 */
final class StdoutCapture {
    /** What a run printed: picocli's result, then the raw bytes of System.out and the text of System.err. */
    record Result(CliRunner.Result cli, byte[] stdout, String stderr) {
        String text() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** What stderr says besides the loader's note on assumed preprocessing ({@link CliRunner.Result#problem}). */
        String problem() {
            return CliRunner.withoutNotes(err());
        }

        /** Everything said on stderr, picocli's and System.err's. */
        String err() {
            return cli.err() + stderr;
        }
    }

    static synchronized Result run(String... args) {
        return capture(() -> CliRunner.runTo(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                args));
    }

    static synchronized Result capture(Supplier<CliRunner.Result> run) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            CliRunner.Result r = run.get();
            o.flush();
            e.flush();
            return new Result(r, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private StdoutCapture() {}
}

package pairviz.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Runs a command line in-process with {@code System.out} and {@code System.err} captured too (commands
 * print their results and notes there, not through picocli's writers).
 */
final class StdoutCapture {
    /** What a run printed: picocli's result, then the raw bytes of System.out and the text of System.err. */
    record Result(CliRunner.Result cli, byte[] stdout, String stderr) {
        String text() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** Everything said on stderr, picocli's and System.err's. */
        String err() {
            return cli.err() + stderr;
        }
    }

    static synchronized Result run(String... args) {
        return capture(() -> CliRunner.run(args));
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

package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The table from a failure to the exit code and the one line the command line prints. */
class FailuresTest {

    @Test
    void eachKindOfFailureHasItsExitCodeAndLine() {
        assertThat(Failures.of(new PairvizException("bad\n  image"), null)).isEqualTo(new Failures.Failure(2, "bad image"));
        assertThat(Failures.of(new PairvizException("later", null, 7), null).exitCode()).isEqualTo(7);
        assertThat(Failures.of(new NoSuchFileException("a.png"), null)).isEqualTo(new Failures.Failure(2, "no such file: a.png"));
        assertThat(Failures.of(new AccessDeniedException("/root/x"), null))
                .isEqualTo(new Failures.Failure(2, "permission denied: /root/x"));
        assertThat(Failures.of(new UncheckedIOException("cannot read a.png: truncated", new IOException()), null))
                .isEqualTo(new Failures.Failure(2, "cannot read a.png: truncated"));
        // a plain IOException is bad input (a file), and is not called an internal error
        assertThat(Failures.of(new IOException("disk full"), null))
                .isEqualTo(new Failures.Failure(2, "cannot read or write a file: disk full"));
        assertThat(Failures.of(new OutOfMemoryError("Java heap space"), null))
                .isEqualTo(new Failures.Failure(3, "out of memory: try a smaller --batch, or give Java more with JAVA_OPTS=-Xmx8g"));
        assertThat(Failures.of(new IllegalStateException("oops"), null)).isEqualTo(
                new Failures.Failure(1, "internal error (IllegalStateException: oops); rerun with --verbose and report it"));
    }

    @Command(name = "t")
    static final class Throwing implements Callable<Integer> {
        @Option(names = "--start-layer") int startLayer;
        @Option(names = "--oom") boolean oom;

        @Override
        public Integer call() {
            if (oom) {
                throw new OutOfMemoryError("Java heap space");
            }
            throw new BadParameterException("{start layer} 9 is past the last layer, and {top} is no option here");
        }
    }

    private static String[] run(String... args) {
        CommandLine cl = Main.commandLine().addSubcommand(new Throwing());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), err.toString().strip()};
    }

    @Test
    void aLibraryParameterIsCalledByTheFlagOfTheCommandThatRan() {
        assertThat(run("t")).containsExactly("2", "pairviz: --start-layer 9 is past the last layer, and top is no option here");
    }

    @Test
    void outOfMemoryReachesTheTableThoughPicocliCatchesOnlyExceptions() {
        assertThat(run("t", "--oom")).containsExactly("3",
                "pairviz: out of memory: try a smaller --batch, or give Java more with JAVA_OPTS=-Xmx8g");
        assertThat(run("t", "--oom", "--verbose")[1]).contains("java.lang.OutOfMemoryError: Java heap space");
    }
}

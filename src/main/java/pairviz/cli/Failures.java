package pairviz.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one table from a failure to the command line's exit code and one-line message. The first row
 * whose type the failure is an instance of decides. {@link BadParameterException}s name library
 * parameters in words; here they are renamed to the flags of the command that ran.
 *
 * <table>
 *   <caption>exit codes</caption>
 *   <tr><td>0</td><td>success</td></tr>
 *   <tr><td>1</td><td>internal error: a bug, to be reported</td></tr>
 *   <tr><td>2</td><td>bad input: a bad option, a missing or unreadable file, a checkpoint that does not fit</td></tr>
 *   <tr><td>3</td><td>out of memory</td></tr>
 * </table>
 */
public final class Failures {
    private Failures() {}

    /** Exit code of an unexpected internal failure (a bug: please report it). */
    static final int INTERNAL_ERROR = 1;
    /** Exit code of bad input: options, files, checkpoints ({@link PairvizException#BAD_INPUT}). */
    static final int BAD_INPUT = PairvizException.BAD_INPUT;
    /** Exit code when the JVM ran out of heap. */
    static final int OUT_OF_MEMORY = 3;

    /** What the command line prints ({@code pairviz: } + message) and the exit code it returns. */
    public record Failure(int exitCode, String message) {}

    private record Row(Class<? extends Throwable> type, ToIntFunction<Throwable> exitCode,
            BiFunction<Throwable, CommandSpec, String> message) {
        static Row of(Class<? extends Throwable> type, int exitCode, BiFunction<Throwable, CommandSpec, String> message) {
            return new Row(type, e -> exitCode, message);
        }
    }

    private static final List<Row> TABLE = List.of(
            new Row(BadParameterException.class, e -> ((PairvizException) e).exitCode(),
                    (e, spec) -> oneLine(((BadParameterException) e).message(name -> flag(name, spec)))),
            new Row(PairvizException.class, e -> ((PairvizException) e).exitCode(), (e, spec) -> oneLine(e.getMessage())),
            Row.of(NoSuchFileException.class, BAD_INPUT, (e, spec) -> "no such file: " + ((NoSuchFileException) e).getFile()),
            Row.of(AccessDeniedException.class, BAD_INPUT, (e, spec) -> "permission denied: " + ((AccessDeniedException) e).getFile()),
            Row.of(FileSystemException.class, BAD_INPUT, (e, spec) -> "cannot use " + ((FileSystemException) e).getFile()
                    + (((FileSystemException) e).getReason() == null ? "" : ": " + ((FileSystemException) e).getReason())),
            Row.of(UncheckedIOException.class, BAD_INPUT, (e, spec) -> oneLine(e.getMessage())),
            Row.of(IOException.class, BAD_INPUT, (e, spec) -> "cannot read or write a file: " + oneLine(e.getMessage())),
            Row.of(OutOfMemoryError.class, OUT_OF_MEMORY,
                    (e, spec) -> "out of memory: try a smaller --batch, or give Java more with JAVA_OPTS=-Xmx8g"),
            Row.of(Throwable.class, INTERNAL_ERROR, (e, spec) -> "internal error (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())) + "); rerun with --verbose and report it"));

    /**
     * The exit code and message of {@code e}, raised while running the command {@code spec}
     * (null: none, parameters keep their names in words).
     */
    public static Failure of(Throwable e, CommandSpec spec) {
        for (Row row : TABLE) {
            if (row.type().isInstance(e)) {
                // a numeric option's value, echoed by the library, is cut as usage errors cut every value
                return new Failure(row.exitCode().applyAsInt(e), bound(row.message().apply(e, spec), QUOTED_NUMBERS));
            }
        }
        throw new AssertionError("the last row takes every Throwable");
    }

    /**
     * The command's flag for a library parameter named in words: {@code "start layer"} is
     * {@code --start-layer} when the command has that option, else it keeps its name.
     */
    static String flag(String parameter, CommandSpec spec) {
        String flag = "--" + parameter.replace(' ', '-');
        return spec != null && spec.findOption(flag) != null ? flag : parameter;
    }

    /** A value longer than {@link #LONGEST} characters is echoed as its first this many and "...". */
    static final int ECHOED = 40;
    /** The longest quoted value (a path, a typed word) a usage message repeats whole. */
    static final int LONGEST = 200;

    /** A quoted value without spaces (so never the text between two quoted values) longer than {@link #LONGEST}. */
    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("'([^'\\s]{" + (LONGEST + 1) + ",})'");
    /** A quoted number or list of numbers ("0.5,0.5:1e-40"), as a numeric option's value is echoed. */
    private static final java.util.regex.Pattern QUOTED_NUMBERS =
            java.util.regex.Pattern.compile("'([-+0-9.eE,:\\s]{" + (ECHOED + 1) + ",})'");

    /**
     * {@code message} with every quoted value (picocli quotes what the user typed) longer than
     * {@value #LONGEST} characters cut to its first {@value #ECHOED} and "...", so that a
     * 5000-digit number is not echoed whole while a path is.
     */
    static String boundValues(String message) {
        return bound(message, QUOTED);
    }

    private static String bound(String message, java.util.regex.Pattern quoted) {
        return quoted.matcher(message).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                "'" + m.group(1).substring(0, ECHOED) + "...'"));
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}

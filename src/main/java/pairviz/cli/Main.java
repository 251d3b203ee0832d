package pairviz.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import pairviz.PairvizException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code pairviz} command line. Each subcommand is a class of its own that returns an exit
 * code; this class is the one place where exceptions become messages and exit codes.
 */
@Command(
        name = "pairviz",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Explains why two images are similar under an image-embedding network.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code of an unexpected internal failure (a bug: please report it). */
    public static final int INTERNAL_ERROR = 1;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code, printing errors as one line each. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, with every subcommand registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        Subcommands.register(cl);
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler(Main::handleUsage);
        return cl;
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        boolean verbose = parsed.hasMatchedOption("--verbose")
                || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
        PrintWriter err = cl.getErr();
        err.println("pairviz: " + message(e));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return exitCode(e);
    }

    /** A usage mistake: one line naming it and where the help is, no usage dump. */
    private static int handleUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("pairviz: " + oneLine(e.getMessage()) + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The one-line message shown for a failure. */
    static String message(Throwable e) {
        if (e instanceof PairvizException || e instanceof UncheckedIOException) {
            return oneLine(e.getMessage());
        }
        if (e instanceof NoSuchFileException nf) {
            return "no such file: " + nf.getFile();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory: try a smaller --batch or give Java more with JAVA_OPTS=-Xmx8g";
        }
        String msg = e.getMessage() == null ? "" : ": " + e.getMessage();
        return "internal error (" + e.getClass().getSimpleName() + msg + "); rerun with --verbose and report it";
    }

    static int exitCode(Throwable e) {
        if (e instanceof PairvizException pe) {
            return pe.exitCode();
        }
        if (e instanceof UncheckedIOException || e instanceof java.io.IOException) {
            return PairvizException.BAD_INPUT;
        }
        return INTERNAL_ERROR;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** Reports the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"pairviz " + (v == null ? "(development build)" : v)};
        }
    }
}

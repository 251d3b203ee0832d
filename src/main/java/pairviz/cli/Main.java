package pairviz.cli;

import java.io.PrintWriter;
import java.util.function.UnaryOperator;
import pairviz.explain.CompletenessWarning;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code pairviz} command line. Each subcommand is a class of its own that returns an exit
 * code; failures become one line and an exit code here, by the table in {@link Failures}.
 */
@Command(
        name = "pairviz",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Explains why two images are similar under an image-embedding network.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) throws InterruptedException {
        boolean startEngine = args.length > 0 && Subcommands.RUN_A_NETWORK.contains(args[0])
                && java.util.Collections.disjoint(java.util.Arrays.asList(args), java.util.List.of("--help", "-h", "--version", "-V"));
        if (startEngine) {
            NativeLinks.link(); // first: the engine's start blocks every native link meanwhile
            pairviz.model.Engines.startInBackground();
        }
        int code = run(args);
        pairviz.model.Engines.awaitBackgroundStart(); // no exit while the native library is still loading
        System.exit(code);
    }

    /** Runs the command line and returns the exit code, printing errors as one line each. */
    public static int run(String... args) {
        return commandLine(args).execute(args);
    }

    /**
     * The command line for {@code args}: with only the subcommand they name when they start with
     * one (and do not ask for the list of commands), every subcommand otherwise.
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Main());
        if (args.length == 0 || !Subcommands.registerOnly(cl, args[0])) {
            Subcommands.register(cl);
        }
        return configure(cl, UnaryOperator.identity());
    }

    /** The configured command line, with every subcommand registered. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        Subcommands.register(cl);
        return configure(cl, UnaryOperator.identity());
    }

    /**
     * Gives {@code cl} (this command line, or another one such as the Spark module's) pairviz's
     * file names, help layout and failure handling: every failure one line and an exit code by
     * {@link Failures}. Call it after every subcommand is registered.
     *
     * @param reported what of a failure to report (the Spark module unwraps what a Spark job
     *                 wrapped); identity for the failure itself
     */
    public static CommandLine configure(CommandLine cl, UnaryOperator<Throwable> reported) {
        cl.registerConverter(java.nio.file.Path.class, new FileNameConverter()); // after the subcommands: it reaches them
        HelpLayout.install(cl);
        cl.setExecutionStrategy(parsed -> execute(parsed, reported));
        cl.setExecutionExceptionHandler((e, c, parsed) -> report(reported.apply(e), c, parsed));
        cl.setParameterExceptionHandler(Main::handleUsage);
        return cl;
    }

    /**
     * Runs the parsed command; a failure the command throws ({@link Exception}s reach the execution exception handler
     * through picocli, an {@link OutOfMemoryError} only here, since picocli lets errors through)
     * becomes one line and an exit code by {@link Failures}.
     */
    private static int execute(CommandLine.ParseResult parsed, UnaryOperator<Throwable> reported) {
        PrintWriter err = parsed.commandSpec().commandLine().getErr();
        CompletenessWarning.setSink(gap -> { // the library's one warning goes where the command's errors go
            err.println(gap.describe("--steps"));
            err.flush();
        });
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (OutOfMemoryError e) {
            CommandLine cl = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
            return report(reported.apply(e), cl, parsed);
        }
    }

    private static int report(Throwable e, CommandLine cl, CommandLine.ParseResult parsed) {
        boolean verbose = parsed.asCommandLineList().stream().anyMatch(c -> c.getParseResult().hasMatchedOption("--verbose"));
        Failures.Failure f = Failures.of(e, cl.getCommandSpec());
        PrintWriter err = cl.getErr();
        err.println("pairviz: " + f.message());
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return f.exitCode();
    }

    /** A usage mistake: one line naming it and where the help is, no usage dump. */
    private static int handleUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("pairviz: " + Failures.boundValues(Failures.oneLine(Suggestions.message(e))) + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
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

package pairviz.spark.cli;

import java.io.PrintWriter;
import pairviz.PairvizException;
import pairviz.cli.Failures;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pairviz spark}: embed, evaluate and explain on Apache Spark. Local mode by default; the
 * same main class runs under {@code spark-submit} on a cluster. Failures become one line and an
 * exit code by the core's table ({@link Failures}); a failure inside a Spark task is reported as
 * what the task threw.
 */
@Command(name = "pairviz spark", mixinStandardHelpOptions = true,
        description = "Embed, evaluate and explain galleries on Apache Spark (local mode unless --master says otherwise).",
        subcommands = {SparkEmbedCommand.class, SparkEvaluateCommand.class, SparkExplainCommand.class, SparkExportCommand.class, SparkBenchCommand.class,
                CommandLine.HelpCommand.class})
public final class SparkCli implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: embed, evaluate or explain");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new SparkCli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable cause = taskFailure(e);
            Failures.Failure f = Failures.of(cause, cmd.getCommandSpec());
            PrintWriter err = cmd.getErr();
            if (((SparkCli) cmd.getCommandSpec().root().userObject()).verbose) {
                e.printStackTrace(err);
            }
            err.println("pairviz: " + f.message());
            err.flush();
            return f.exitCode();
        });
        cl.setParameterExceptionHandler((e, args2) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("pairviz: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return PairvizException.BAD_INPUT;
        });
        return cl.execute(args);
    }

    /**
     * What to report of {@code e}: the first pairviz failure or I/O failure among its causes (a
     * Spark job wraps what its task threw), else {@code e} itself.
     */
    static Throwable taskFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PairvizException || t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException
                    || t instanceof OutOfMemoryError) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return e;
    }
}

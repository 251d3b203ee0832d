package pairviz.spark.cli;

import pairviz.PairvizException;
import pairviz.cli.Failures;
import pairviz.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pairviz spark}: embed, evaluate and explain on Apache Spark. Local mode by default; the
 * same main class runs under {@code spark-submit} on a cluster. Failures become one line and an
 * exit code by the core's command line ({@link Main#configure}, {@link Failures}); a failure inside
 * a Spark task is reported as what the task threw, Ctrl-C as an interruption (exit code 130).
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

    /**
     * Runs the command line and returns the exit code. The command line is the core's
     * ({@link Main#configure}: one line and an exit code per failure by {@link Failures}); what it
     * reports of a failure is {@link #reported}.
     */
    public static int run(String... args) {
        Interruption.watch();
        try {
            return Main.configure(new CommandLine(new SparkCli()), SparkCli::reported).execute(args);
        } finally {
            Interruption.reported();
        }
    }

    /** What to report of a command's failure: an interruption (Ctrl-C) as such, else the task's failure. */
    static Throwable reported(Throwable e) {
        return Interruption.reported(taskFailure(e), Interruption.happened());
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

package pairviz.cli;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import pairviz.PairvizException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code pairviz spark ...}: hands the command line to the Spark module (spark/, its own Maven
 * module; found by name, so that the core never links Spark) when it is on the class path, as
 * {@code ./pairviz spark} puts it; else says how to get it.
 */
@Command(name = "spark", description = "Embed, evaluate and explain on Apache Spark: the spark/ module (./pairviz spark --help).")
final class SparkCommand extends PairvizCommand {
    /** The command line of this command: everything after {@code spark} goes to the module as it is. */
    static CommandLine commandLine() {
        return new CommandLine(new SparkCommand()).setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
    }

    /** The Spark module's command line. */
    static final String MAIN = "pairviz.spark.cli.SparkCli";

    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "The Spark command and its options.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws ReflectiveOperationException {
        Class<?> main;
        try {
            main = Class.forName(MAIN);
        } catch (ClassNotFoundException e) {
            throw new PairvizException("the Spark module is not on the class path: run ./pairviz spark ..., which builds it (spark/)");
        }
        try {
            return (Integer) main.getMethod("run", String[].class).invoke(null, (Object) args.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}

package pairviz.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pairviz data}: the parent of the dataset commands ({@code scenes}, {@code info}). */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Datasets: generate the synthetic scenes benchmark, check a dataset's layout.",
        subcommands = {DataScenesCommand.class, DataInfoCommand.class})
public final class DataCommand extends PairvizCommand {

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: try 'pairviz data --help'");
    }
}

package pairviz.cli;

import picocli.CommandLine;

/** The list of subcommands: one line per command class. */
final class Subcommands {
    private Subcommands() {}

    static void register(CommandLine cl) {
        // Each subcommand is registered here, e.g. cl.addSubcommand(new ExplainCommand());
        cl.addSubcommand(new EvaluateCommand());
    }
}

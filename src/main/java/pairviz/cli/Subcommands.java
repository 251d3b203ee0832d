package pairviz.cli;

import picocli.CommandLine;

/** The list of subcommands: one line per command class. */
final class Subcommands {
    private Subcommands() {}

    static void register(CommandLine cl) {
        cl.addSubcommand(new ExplainCommand());
        cl.addSubcommand(new RolloutCommand());
        cl.addSubcommand(new DataCommand());
        cl.addSubcommand(new BenchCommand());
        cl.addSubcommand(new DemoCommand());
        cl.addSubcommand(new ServeCommand());
    }
}

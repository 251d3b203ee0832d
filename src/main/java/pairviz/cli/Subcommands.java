package pairviz.cli;

import java.util.Set;
import picocli.CommandLine;

/** The list of subcommands: one line per command class. */
final class Subcommands {
    private Subcommands() {}

    /** The commands that always run a network: the engine starts beside their argument parsing. */
    static final Set<String> RUN_A_NETWORK = Set.of("explain", "rollout", "matrix", "retrieve", "classmap", "evolution",
            "compare", "pose", "embed", "evaluate", "faithfulness", "train", "demo", "serve"); // not bench: it times the start

    static void register(CommandLine cl) {
        cl.addSubcommand(new ExplainCommand());
        cl.addSubcommand(RolloutCommand.commandLine());
        cl.addSubcommand(new MatrixCommand());
        cl.addSubcommand(new RetrieveCommand());
        cl.addSubcommand(new ClassmapCommand());
        cl.addSubcommand(new EvolutionCommand());
        cl.addSubcommand(new CompareCommand());
        cl.addSubcommand(new PoseCommand());
        cl.addSubcommand(InspectCommand.commandLine());
        cl.addSubcommand(new EmbedCommand());
        cl.addSubcommand(new EvaluateCommand());
        cl.addSubcommand(new FaithfulnessCommand());
        cl.addSubcommand(new TrainCommand());
        cl.addSubcommand(new DataCommand());
        cl.addSubcommand(new BenchCommand());
        cl.addSubcommand(new ReportCommand());
        cl.addSubcommand(new DemoCommand());
        cl.addSubcommand(new ServeCommand());
        cl.addSubcommand(SparkCommand.commandLine());
    }
}

package pairviz.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/** The list of subcommands: one line per command class. */
final class Subcommands {
    private Subcommands() {}

    /** The commands that always run a network: the engine starts beside their argument parsing. */
    static final Set<String> RUN_A_NETWORK = Set.of("explain", "rollout", "matrix", "retrieve", "classmap", "evolution",
            "compare", "pose", "embed", "evaluate", "faithfulness", "train", "demo", "serve"); // not bench: it times the start

    /** Every subcommand by name, in the order of the help's list. */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("explain", ExplainCommand::new);
        COMMANDS.put("rollout", RolloutCommand::commandLine);
        COMMANDS.put("matrix", MatrixCommand::new);
        COMMANDS.put("retrieve", RetrieveCommand::new);
        COMMANDS.put("classmap", ClassmapCommand::new);
        COMMANDS.put("evolution", EvolutionCommand::new);
        COMMANDS.put("compare", CompareCommand::new);
        COMMANDS.put("pose", PoseCommand::new);
        COMMANDS.put("inspect", InspectCommand::commandLine);
        COMMANDS.put("embed", EmbedCommand::new);
        COMMANDS.put("evaluate", EvaluateCommand::new);
        COMMANDS.put("faithfulness", FaithfulnessCommand::new);
        COMMANDS.put("train", TrainCommand::new);
        COMMANDS.put("data", DataCommand::new);
        COMMANDS.put("bench", BenchCommand::new);
        COMMANDS.put("report", ReportCommand::new);
        COMMANDS.put("demo", DemoCommand::new);
        COMMANDS.put("serve", ServeCommand::new);
        COMMANDS.put("spark", SparkCommand::commandLine);
    }

    /** The subcommands' names, in the order of the help's list. */
    static Set<String> names() {
        return COMMANDS.keySet();
    }

    /** Registers every subcommand. */
    static void register(CommandLine cl) {
        COMMANDS.values().forEach(c -> cl.addSubcommand(c.get()));
    }

    /**
     * Registers only the subcommand called {@code name}, if there is one (what a run of that
     * command needs: picocli reads each command's options by reflection, a tenth of a second for
     * all of them), and says whether there was.
     */
    static boolean registerOnly(CommandLine cl, String name) {
        Supplier<Object> c = COMMANDS.get(name);
        if (c != null) {
            cl.addSubcommand(c.get());
        }
        return c != null;
    }
}

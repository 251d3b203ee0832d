package pairviz.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.family.CheckpointSummary;
import pairviz.util.JsonFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pairviz inspect W}: what pairviz reads from a checkpoint, without running it. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Says what pairviz reads from a checkpoint: family, architecture, pooling, token grid, "
                + "input size, embedding size, and the tensors it ignores.")
public final class InspectCommand extends PairvizCommand {

    @Parameters(index = "0", paramLabel = "WEIGHTS", description = "The checkpoint (.pth/.pt, .safetensors, .npz).")
    Path weights;

    @Mixin
    NetworkMixin network;

    @Option(names = "--json", description = "Print the description as one JSON object instead of lines of text.")
    boolean json;

    /** The command without the options of running a network: inspect reads the checkpoint and runs nothing. */
    static picocli.CommandLine commandLine() {
        String why = "inspect reads the checkpoint and runs nothing";
        return UnusedOptions.without(new InspectCommand(), java.util.Map.of("--batch", why, "--precision", why));
    }

    @Override
    public Integer call() throws Exception {
        CheckpointSummary summary = CheckpointSummary.of(weights.getFileName().toString(),
                EmbeddingModel.read(weights, network.options()));
        PrintWriter out = out();
        if (json) {
            out.println(JsonFiles.MAPPER.writeValueAsString(summary));
        } else {
            summary.lines().forEach(l -> out.println(new pairviz.BadParameterException(l).message(name -> Failures.flag(name, spec))));
        }
        out.flush();
        return 0;
    }
}

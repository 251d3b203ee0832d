package pairviz.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import pairviz.data.Dataset;
import pairviz.data.DatasetFormat;
import pairviz.data.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pairviz data info}: reads a dataset and reports its split, to check that pairviz sees it as meant. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Reads a dataset and prints its train/test image and class counts.")
public final class DataInfoCommand extends PairvizCommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "The dataset folder.")
    Path root;

    @Mixin
    FormatMixin format;

    @Option(names = "--split", paramLabel = "RULE", defaultValue = "classes:0.5",
            description = "For unsplit datasets: classes[:F] (sorted classes, first F train) or images[:F] "
                    + "(first F of each class's images train) (default ${DEFAULT-VALUE}).")
    String split;

    @Override
    public Integer call() {
        DatasetFormat f = format.of(root);
        Split rule = Split.parse(split);
        Dataset d = f.read(root, rule);
        PrintWriter out = out();
        out.println("format: " + f.key);
        out.println(d.summary());
        out.flush();
        return 0;
    }
}

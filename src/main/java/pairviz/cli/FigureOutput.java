package pairviz.cli;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import pairviz.PairvizException;
import pairviz.render.Pictures;
import pairviz.util.AtomicFiles;
import pairviz.util.JsonFiles;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where a figure command writes its picture and, if asked, the numbers behind it. */
final class FigureOutput {
    /** The command this mixin is part of: lines for people go to its writers. */
    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = "--out", paramLabel = "PNG", description = "The figure. Default: pairviz-out/<command>.png.")
    Path out;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the numbers behind the figure.")
    Path json;

    /**
     * Refuses, before any work, a picture or JSON path that cannot be written or that is one of
     * the {@code inputs}.
     */
    void requireWritable(String command, Path... inputs) {
        List<Path> in = java.util.Arrays.stream(inputs).filter(java.util.Objects::nonNull).toList();
        OutputChecks.requireWritableFile("--out", out != null ? out : Path.of("pairviz-out", command + ".png"), in);
        OutputChecks.requireWritableFile("--json", json, in);
    }

    /** Writes the picture (atomically) and the JSON, and prints the picture's path (none for standard output). */
    void write(String command, BufferedImage picture, Map<String, Object> numbers) {
        Path png = out != null ? out : Path.of("pairviz-out", command + ".png");
        Pictures.writePng(picture, png);
        if (json != null) {
            JsonFiles.write(json, numbers);
        }
        if (!AtomicFiles.isStdout(png)) {
            info().println(png.toAbsolutePath().normalize());
        }
    }

    /** Set by a command whose other output goes to standard output: lines for people then go to standard error. */
    boolean stdoutTaken;

    /** Where lines for people go: standard output, or standard error when the picture or the JSON goes there. */
    PrintWriter info() {
        return stdoutTaken || AtomicFiles.isStdout(json) || out != null && AtomicFiles.isStdout(out)
                ? spec.commandLine().getErr() : spec.commandLine().getOut();
    }

    /** Checks {@code --top}. */
    static int requireTop(int top) {
        if (top < 1) {
            throw new PairvizException("--top must be at least 1, not " + top);
        }
        return top;
    }
}

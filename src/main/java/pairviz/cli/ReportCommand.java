package pairviz.cli;

import java.nio.file.Path;
import pairviz.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pairviz report}: one self-contained HTML page of a run's tables and figures. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Gathers a folder's tables and figures (its report.json, or every PNG in it) into one HTML page with the pictures embedded.")
public final class ReportCommand extends PairvizCommand {
    @Parameters(paramLabel = "DIR", description = "The run's folder (e.g. what pairviz demo wrote).")
    Path dir;

    @Option(names = "--out", paramLabel = "FILE", description = "The page. Default: DIR/report.html.")
    Path out;

    @Override
    public Integer call() {
        Path page = out != null ? out : dir.resolve("report.html");
        HtmlReport.write(HtmlReport.load(dir), dir, page);
        out().println(page.toAbsolutePath().normalize());
        return 0;
    }
}

package pairviz.figures;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import pairviz.eval.faithfulness.FaithfulnessReport;
import pairviz.eval.faithfulness.FaithfulnessResult;
import pairviz.render.LineChart;
import pairviz.render.Pictures;
import pairviz.util.AtomicFiles;
import pairviz.util.JsonFiles;

/**
 * The files of a faithfulness study ({@link pairviz.eval.faithfulness.FaithfulnessStudy}): its
 * JSON, and a folder with the tables (faithfulness.md), the JSON (faithfulness.json) and the
 * mean curves of the first group of pairs (curves.png).
 */
public final class FaithfulnessFiles {
    private FaithfulnessFiles() {}

    /**
     * Writes {@code result} as JSON to {@code json} and into {@code out} as faithfulness.md,
     * faithfulness.json and curves.png (each when not null; curves.png when there were pairs).
     */
    public static void write(FaithfulnessResult result, Path json, Path out) {
        Map<String, Object> tree = result.toJson();
        if (json != null) {
            JsonFiles.write(json, tree);
        }
        if (out == null) {
            return;
        }
        AtomicFiles.writeString(out.resolve("faithfulness.md"), result.markdown());
        JsonFiles.write(out.resolve("faithfulness.json"), tree);
        FaithfulnessReport report = result.report();
        if (report.groups().isEmpty()) {
            return;
        }
        FaithfulnessReport.Group g = report.groups().get(0);
        List<LineChart.Panel> panels = List.of(
                panel(g, "deletion (mean colour)", "fraction of patches replaced", r -> r.deletion()),
                panel(g, "deletion (blur)", "fraction of patches blurred", r -> r.deletionBlur()),
                panel(g, "insertion (onto blur)", "fraction of patches restored", r -> r.insertion()));
        Pictures.writePng(LineChart.draw("mean curves, " + g.name() + " pairs (similarity / unperturbed similarity)",
                panels), out.resolve("curves.png"));
    }

    private static LineChart.Panel panel(FaithfulnessReport.Group g, String title, String x,
            Function<FaithfulnessReport.Row, double[]> curve) {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (FaithfulnessReport.Row r : g.rows()) {
            series.put(r.method(), curve.apply(r));
        }
        return new LineChart.Panel(title, x, "sim", series);
    }
}

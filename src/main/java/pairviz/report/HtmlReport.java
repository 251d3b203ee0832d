package pairviz.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import pairviz.PairvizException;
import pairviz.util.AtomicFiles;
import pairviz.util.JsonFiles;

/** Renders a {@link Report} as one HTML page with every picture embedded, readable offline. */
public final class HtmlReport {
    private HtmlReport() {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Saves the report's description as {@code dir/report.json}. */
    public static void save(Report report, Path dir) {
        JsonFiles.write(dir.resolve("report.json"), report);
    }

    /**
     * The report of a folder: its {@code report.json} if there is one, otherwise every PNG in it
     * (sorted by path) as a figure captioned with its name.
     */
    public static Report load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new PairvizException("report folder " + dir + " does not exist");
        }
        Path json = dir.resolve("report.json");
        try {
            if (Files.exists(json)) {
                return MAPPER.readValue(json.toFile(), Report.class);
            }
            List<Report.Figure> figures = new ArrayList<>();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".png")).sorted().toList()) {
                    String rel = dir.relativize(p).toString();
                    figures.add(new Report.Figure(rel, rel));
                }
            }
            if (figures.isEmpty()) {
                throw new PairvizException("report folder " + dir + " holds no report.json and no PNG pictures");
            }
            return new Report("pairviz pictures in " + dir.getFileName(), "", List.of(
                    new Report.Section("Pictures", "", List.of(), figures)));
        } catch (IOException e) {
            throw new PairvizException("cannot read " + json + ": " + pairviz.util.JsonErrors.describe(e), e);
        }
    }

    /** Writes the page for the report of {@code dir} to {@code out}, atomically. */
    public static void write(Report report, Path dir, Path out) {
        String html = render(report, dir);
        AtomicFiles.writeString(out, html);
    }

    static String render(Report report, Path dir) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc(report.title())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}\n")
                .append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.35em .7em;text-align:right}\n")
                .append("th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}\n")
                .append("figure{margin:1.5em 0}figure img{max-width:100%;border:1px solid #eee}figcaption{color:#555;font-size:.92em;margin-top:.3em}\n")
                .append("caption{caption-side:bottom;color:#555;font-size:.9em;padding-top:.3em;text-align:left}\n")
                .append("</style></head><body>\n<h1>").append(esc(report.title())).append("</h1>\n");
        if (!report.intro().isBlank()) {
            h.append("<p>").append(esc(report.intro())).append("</p>\n");
        }
        for (Report.Section s : report.sections()) {
            h.append("<h2>").append(esc(s.heading())).append("</h2>\n");
            if (s.text() != null && !s.text().isBlank()) {
                h.append("<p>").append(esc(s.text())).append("</p>\n");
            }
            for (Report.Table t : s.tables()) {
                h.append("<table>");
                if (t.caption() != null && !t.caption().isBlank()) {
                    h.append("<caption>").append(esc(t.caption())).append("</caption>");
                }
                h.append("<tr>");
                t.header().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
                h.append("</tr>\n");
                for (List<String> row : t.rows()) {
                    h.append("<tr>");
                    row.forEach(c -> h.append("<td>").append(esc(c)).append("</td>"));
                    h.append("</tr>\n");
                }
                h.append("</table>\n");
            }
            for (Report.Figure f : s.figures()) {
                h.append("<figure><img alt=\"").append(esc(f.caption())).append("\" src=\"data:image/png;base64,")
                        .append(base64(f.resolve(dir))).append("\"><figcaption>").append(esc(f.caption()))
                        .append("</figcaption></figure>\n");
            }
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String base64(Path png) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        } catch (NoSuchFileException e) {
            throw new PairvizException("the report names a picture that does not exist: " + png);
        } catch (IOException e) {
            throw new PairvizException("cannot read " + png + ": " + e.getMessage(), e);
        }
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

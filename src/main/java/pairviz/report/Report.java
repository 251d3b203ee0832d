package pairviz.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What a report shows: a title, a few tables and figures with captions, in order. It is written
 * as {@code report.json} beside the pictures, and rendered into one self-contained HTML page by
 * {@link HtmlReport}.
 *
 * @param title the page's title
 * @param intro a paragraph under the title
 * @param sections the sections, in order
 */
public record Report(String title, String intro, List<Section> sections) {

    /** A heading with text, tables and figures under it. */
    public record Section(String heading, String text, List<Table> tables, List<Figure> figures) {}

    /** A table: header cells and rows of cells. */
    public record Table(String caption, List<String> header, List<List<String>> rows) {}

    /** A picture (path relative to the report's folder) and its caption. */
    public record Figure(String file, String caption) {
        public Path resolve(Path dir) {
            return dir.resolve(file);
        }
    }
}

package pairviz.eval;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import pairviz.BadParameterException;
import pairviz.util.JsonFiles;

/**
 * Retrieval metrics as {@code pairviz evaluate} (and the Spark module's evaluate) reports them: a
 * table of Recall@K, MAP@R and R-precision with the search time, and the JSON document of
 * {@code --json}.
 *
 * @param metrics what was measured
 * @param seconds how long the search took
 * @param separateGallery whether the queries ranked a separate gallery (else every item queried all the others)
 */
public record RetrievalReport(RetrievalMetrics metrics, double seconds, boolean separateGallery) {

    /**
     * The Ks to evaluate: {@code asked} plus 1 (always reported), sorted, without repeats.
     *
     * @throws BadParameterException if a K is not positive
     */
    public static int[] ks(int... asked) {
        for (int k : asked) {
            if (k < 1) {
                throw new BadParameterException("{k}: every K must be a positive integer, got " + k);
            }
        }
        return IntStream.concat(IntStream.of(1), IntStream.of(asked)).sorted().distinct().toArray();
    }

    /** The table, one metric a line. */
    public String table() {
        RetrievalMetrics m = metrics;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-12s %d%s%n", "queries", m.queries(),
                m.skipped() == 0 ? "" : " (skipped " + m.skipped() + " with no "
                        + (separateGallery ? "gallery item" : "other item") + " of their label)"));
        m.recallAtK().forEach((k, r) -> sb.append(String.format(Locale.ROOT, "%-12s %.4f%n", "Recall@" + k, r)));
        sb.append(String.format(Locale.ROOT, "%-12s %.4f%n", "MAP@R", m.mapAtR()));
        sb.append(String.format(Locale.ROOT, "%-12s %.4f%n", "R-precision", m.rPrecision()));
        sb.append(String.format(Locale.ROOT, "%-12s %.1f s%n", "search time", seconds));
        return sb.toString();
    }

    /** The metrics as JSON (the search time left out, so that equal results give equal files). */
    public Map<String, Object> toJson() {
        RetrievalMetrics m = metrics;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("recall_at_1", m.precisionAt1());
        doc.put("map_at_r", m.mapAtR());
        doc.put("r_precision", m.rPrecision());
        doc.put("queries", m.queries());
        doc.put("skipped", m.skipped());
        Map<String, Double> recall = new LinkedHashMap<>();
        m.recallAtK().forEach((k, r) -> recall.put(Integer.toString(k), r));
        doc.put("recall_at_k", recall);
        return doc;
    }

    /** Writes {@link #toJson} to {@code json} (standard output for "-"). */
    public void writeJson(Path json) {
        JsonFiles.write(json, toJson());
    }
}

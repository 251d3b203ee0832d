package pairviz.eval.faithfulness;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary of a faithfulness run: per group of pairs (same class, different classes) and
 * method, each metric's mean with its 95% bootstrap interval, and the mean deletion and insertion
 * curves (each pair's curve divided by its unperturbed similarity).
 *
 * @param setup what was run (model, data, options), for the record
 * @param groups the groups of pairs, same-class first
 */
public record FaithfulnessReport(Map<String, Object> setup, List<Group> groups) {

    /**
     * One group of pairs.
     *
     * @param name e.g. {@code same-class}
     * @param pairs how many pairs
     * @param withGroundTruth how many of them had a non-empty ground-truth mask
     * @param rows one per method
     */
    public record Group(String name, int pairs, int withGroundTruth, List<Row> rows) {
        public Group {
            rows = List.copyOf(rows);
        }
    }

    /**
     * One method's summary in a group.
     *
     * @param method the method's id
     * @param metrics every metric's estimate
     * @param deletion the mean normalised deletion curve (mean colour), K + 1 points
     * @param deletionBlur the mean normalised deletion curve (blur)
     * @param insertion the mean normalised insertion curve
     */
    public record Row(String method, Map<Metric, Bootstrap.Estimate> metrics, double[] deletion,
            double[] deletionBlur, double[] insertion) {
        public Row {
            metrics = new EnumMap<>(metrics);
        }
    }

    public FaithfulnessReport {
        setup = new LinkedHashMap<>(setup);
        groups = List.copyOf(groups);
    }

    /**
     * Summarises pair results: same-class pairs in one group, different-class pairs in another
     * (a group without pairs is left out).
     *
     * @param seed seeds the bootstrap
     */
    public static FaithfulnessReport of(List<PairResult> results, List<Method> methods, Map<String, Object> setup, long seed) {
        List<Group> groups = new ArrayList<>();
        for (boolean same : new boolean[] {true, false}) {
            List<PairResult> group = results.stream().filter(r -> r.pair().sameClass() == same).toList();
            if (!group.isEmpty()) {
                groups.add(group(same ? "same-class" : "different-class", group, methods, seed));
            }
        }
        return new FaithfulnessReport(setup, groups);
    }

    static Group group(String name, List<PairResult> results, List<Method> methods, long seed) {
        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) {
            Map<Metric, Bootstrap.Estimate> est = new EnumMap<>(Metric.class);
            for (Metric metric : Metric.values()) {
                double[] v = new double[results.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = results.get(i).methods().get(m).get(metric);
                }
                est.put(metric, Bootstrap.mean95(v, seed));
            }
            int mi = m;
            rows.add(new Row(methods.get(m).id(), est,
                    meanCurve(results, mi, c -> c.deletion()),
                    meanCurve(results, mi, c -> c.deletionBlur()),
                    meanCurve(results, mi, c -> c.insertion())));
        }
        int truth = (int) results.stream().filter(PairResult::groundTruth).count();
        return new Group(name, results.size(), truth, rows);
    }

    /** The mean over pairs of curve / unperturbed similarity, pairs below {@link Curves#MIN_REFERENCE} left out. */
    private static double[] meanCurve(List<PairResult> results, int method,
            java.util.function.Function<CurveEngine.OrderCurves, double[]> which) {
        double[] sum = null;
        int n = 0;
        for (PairResult r : results) {
            CurveEngine.OrderCurves c = r.methods().get(method).curves();
            double reference = c.deletion()[0];
            if (!(reference >= Curves.MIN_REFERENCE)) {
                continue;
            }
            double[] curve = which.apply(c);
            if (sum == null) {
                sum = new double[curve.length];
            }
            for (int k = 0; k < curve.length; k++) {
                sum[k] += curve[k] / reference;
            }
            n++;
        }
        if (sum == null) {
            return new double[0];
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= n;
        }
        return sum;
    }

    /** The tables as Markdown: one per group, best mean per column in bold. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        for (Group g : groups) {
            List<Metric> columns = new ArrayList<>();
            for (Metric m : Metric.values()) {
                if (!m.needsGroundTruth() || g.withGroundTruth() > 0) {
                    columns.add(m);
                }
            }
            sb.append(String.format(Locale.ROOT, "**%s pairs: %d**", g.name(), g.pairs()));
            if (g.withGroundTruth() > 0) {
                sb.append(String.format(Locale.ROOT, " (ground truth on the %d with a shared signature object)",
                        g.withGroundTruth()));
            }
            int scored = g.rows().isEmpty() ? 0 : g.rows().get(0).metrics().get(Metric.DELETION).n();
            if (scored < g.pairs()) {
                sb.append(String.format(Locale.ROOT, "; deletion/insertion on the %d with similarity >= %.2f",
                        scored, Curves.MIN_REFERENCE));
            }
            sb.append("\n\n| method |");
            for (Metric m : columns) {
                sb.append(' ').append(m.title.replace("|", "\\|")).append(m.higherIsBetter ? " ↑ |" : " ↓ |");
            }
            sb.append("\n|---|");
            sb.append("---|".repeat(columns.size())).append('\n');
            for (Row r : g.rows()) {
                sb.append("| ").append(r.method()).append(" |");
                for (Metric m : columns) {
                    Bootstrap.Estimate e = r.metrics().get(m);
                    String cell = Double.isNaN(e.mean()) ? "n/a"
                            : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", e.mean(), e.low(), e.high());
                    boolean best = !Double.isNaN(e.mean()) && isBest(g, m, e.mean());
                    sb.append(' ').append(best ? "**" + cell + "**" : cell).append(" |");
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        sb.append("Means over pairs with 95% bootstrap intervals (").append(Bootstrap.RESAMPLES)
                .append(" resamples). ↓ lower is better, ↑ higher is better; best mean in bold (ties too, none when all tie).\n");
        return sb.toString();
    }

    /** Whether {@code mean} shows as the best of the column, and not every row shows the same. */
    private static boolean isBest(Group g, Metric m, double mean) {
        String shown = String.format(Locale.ROOT, "%.3f", mean);
        boolean allSame = true;
        for (Row r : g.rows()) {
            double other = r.metrics().get(m).mean();
            if (Double.isNaN(other)) {
                continue;
            }
            allSame &= String.format(Locale.ROOT, "%.3f", other).equals(shown);
            boolean better = m.higherIsBetter ? other > mean : other < mean;
            if (better && !String.format(Locale.ROOT, "%.3f", other).equals(shown)) {
                return false;
            }
        }
        return !allSame;
    }

    /** The report as a JSON tree: setup, then per group the pairs and per method the estimates and curves. */
    public Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("setup", setup);
        List<Object> gs = new ArrayList<>();
        for (Group g : groups) {
            Map<String, Object> gj = new LinkedHashMap<>();
            gj.put("name", g.name());
            gj.put("pairs", g.pairs());
            gj.put("withGroundTruth", g.withGroundTruth());
            List<Object> rows = new ArrayList<>();
            for (Row r : g.rows()) {
                Map<String, Object> rj = new LinkedHashMap<>();
                rj.put("method", r.method());
                Map<String, Object> ms = new LinkedHashMap<>();
                for (var e : r.metrics().entrySet()) {
                    Bootstrap.Estimate est = e.getValue();
                    Map<String, Object> ej = new LinkedHashMap<>();
                    ej.put("mean", finite(est.mean()));
                    ej.put("low", finite(est.low()));
                    ej.put("high", finite(est.high()));
                    ej.put("n", est.n());
                    ms.put(e.getKey().id, ej);
                }
                rj.put("metrics", ms);
                rj.put("deletionCurve", r.deletion());
                rj.put("deletionBlurCurve", r.deletionBlur());
                rj.put("insertionCurve", r.insertion());
                rows.add(rj);
            }
            gj.put("methods", rows);
            gs.add(gj);
        }
        root.put("groups", gs);
        return root;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}

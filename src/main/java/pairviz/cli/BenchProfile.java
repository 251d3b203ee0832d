package pairviz.cli;

import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageFeatures;
import pairviz.explain.PairExplainer;
import pairviz.image.Preprocessing;
import pairviz.model.OpProfile;
import pairviz.model.OpProfile.Entry;
import pairviz.model.OpProfile.Op;

/**
 * {@code pairviz bench --profile}: where one more pair's time goes, by kind of operation, in the
 * forward pass of both images ({@link FeatureExtractor#extract}) and in the mode's own work
 * ({@link PairExplainer#explain}: for a gradient mode, its forward passes under autograd and the
 * backward pass). Sums over the profiled pairs, after one pair of warm-up.
 *
 * @param mode the mode explained
 * @param pairs pairs profiled
 * @param forward the operations of the forward passes of both images, summed over the pairs
 * @param forwardNanos wall time of those forward passes (with the input, the rollout matrices and the copies to Java)
 * @param explain the operations inside the mode's own work, summed over the pairs (none for a decomposition mode)
 * @param explainNanos wall time of the mode's own work
 * @param matmulRate the [512, 768] x [768, 3072] product's rate, GFLOP/s, measured beside each pair (the
 *     median): on a shared machine the ratios of the table then compare like with like
 */
record BenchProfile(String mode, int pairs, Map<Op, Entry> forward, long forwardNanos, Map<Op, Entry> explain,
        long explainNanos, double matmulRate) {

    /** Profiles {@code pairs} pairs of random images (after one unprofiled pair). */
    static BenchProfile measure(FeatureExtractor fx, PairExplainer explainer, int size, int pairs) {
        double[] rates = new double[pairs];
        Random random = new Random(11);
        Preprocessing prep = fx.model().preprocessing();
        Map<Op, Entry> forward = new EnumMap<>(Op.class);
        Map<Op, Entry> explain = new EnumMap<>(Op.class);
        long forwardNanos = 0;
        long explainNanos = 0;
        String resolved = explainer.options().mode().id();
        for (int i = -1; i < pairs; i++) {
            BufferedImage a = BenchCommand.randomImage(random, size);
            BufferedImage b = BenchCommand.randomImage(random, size);
            List<float[]> inputs = List.of(prep.prepare(a).pixels(), prep.prepare(b).pixels());
            OpProfile p = OpProfile.start();
            long s = System.nanoTime();
            List<ImageFeatures> f;
            try {
                f = fx.extract(List.of("a", "b"), inputs);
            } finally {
                p.stop();
            }
            long fw = System.nanoTime() - s;
            OpProfile q = OpProfile.start();
            s = System.nanoTime();
            try {
                resolved = explainer.explain(f.get(0), f.get(1)).options().mode().id();
            } finally {
                q.stop();
            }
            long ex = System.nanoTime() - s;
            if (i >= 0) {
                rates[i] = BenchCommand.matmulRate(fx.model(), fx.model().precision());
                forwardNanos += fw;
                explainNanos += ex;
                add(forward, p.entries());
                add(explain, q.entries());
            }
        }
        return new BenchProfile(resolved, pairs, forward, forwardNanos, explain, explainNanos, BenchCommand.median(rates));
    }

    private static void add(Map<Op, Entry> into, Map<Op, Entry> more) {
        more.forEach((op, e) -> into.merge(op, e,
                (x, y) -> new Entry(x.nanos() + y.nanos(), x.calls() + y.calls(), x.flops() + y.flops())));
    }

    /** The profile as a table, each matrix product's rate set beside the reference product's. */
    String table() {
        StringBuilder out = new StringBuilder();
        double total = forwardNanos + explainNanos;
        out.append(String.format(Locale.ROOT, "profile of mode %s, ms per pair (mean of %d pairs); share of the pair's "
                + "%.1f ms; matrix products' GFLOP/s and their ratio to the [512, 768] x [768, 3072] product's rate measured beside "
                + "each pair (median %.0f GFLOP/s)%n",
                mode, pairs, total / pairs / 1e6, matmulRate));
        section(out, "forward pass of both images (explain's feature extraction)", forward, forwardNanos, total, matmulRate,
                "rest: input into libtorch, rollout matrices, copies to Java");
        if (explain.values().stream().anyMatch(e -> e.calls() > 0)) {
            section(out, "the mode's own passes (forward under autograd, then backward)", explain, explainNanos, total,
                    matmulRate, "rest: backward pass, maps");
        } else {
            // grad-rollout and grad-input run no forward pass of their own: their backward passes go through
            // the extraction's kept pass (one libtorch call each), so they are this row's time
            row(out, "the mode's own work (backward passes, decomposition, rollout products, maps)", explainNanos, total,
                    Double.NaN, matmulRate);
        }
        return out.toString();
    }

    private void section(StringBuilder out, String title, Map<Op, Entry> ops, long wall, double total, double matmulRate,
            String rest) {
        out.append("  ").append(title).append(String.format(Locale.ROOT, ": %.1f ms%n", wall / 1e6 / pairs));
        long marked = 0;
        for (Map.Entry<Op, Entry> e : ops.entrySet()) {
            if (e.getValue().calls() == 0) {
                continue;
            }
            marked += e.getValue().nanos();
            row(out, "  " + e.getKey().label(), e.getValue().nanos(), total, e.getValue().gflopsPerSecond(), matmulRate);
        }
        row(out, "  " + rest, wall - marked, total, Double.NaN, matmulRate);
    }

    private void row(StringBuilder out, String label, double nanos, double total, double gflops, double matmulRate) {
        out.append(String.format(Locale.ROOT, "    %-62s %8.1f ms %5.1f%%", label, nanos / 1e6 / pairs, 100 * nanos / total));
        if (!Double.isNaN(gflops)) {
            out.append(String.format(Locale.ROOT, " %6.0f GFLOP/s (x%.2f of the rate)", gflops, gflops / matmulRate));
        }
        out.append(System.lineSeparator());
    }
}

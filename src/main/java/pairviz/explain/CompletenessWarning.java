package pairviz.explain;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The one warning an explainer gives (once, however many maps it makes) when an integrated-gradients map misses its completeness target
 * ({@code score - baseline_score}) by more than {@link IntegratedGradientsSpec#exceeds the
 * tolerance}: said once on standard error (or to the sink a caller sets), naming the gap, the
 * tolerance and how to raise the steps. The gap itself is in every JSON that holds the map.
 */
public final class CompletenessWarning {
    private static volatile Consumer<Gap> sink = g -> toStandardError(g.describe("the steps"));

    /**
     * A map that missed completeness.
     *
     * @param gap the map's sum less {@code expected}
     * @param expected {@code score - baseline_score}
     * @param spec the steps and baseline it was made with
     */
    public record Gap(double gap, double expected, IntegratedGradientsSpec spec) {
        /** The warning, with the steps named as the caller names them (a flag, a field). */
        public String describe(String steps) {
            return String.format(Locale.ROOT, "pairviz: integrated gradients miss completeness: a map sums to %.4f where"
                    + " score - baseline_score is %.4f (gap %.4f, tolerance %.0f%% of it, at least %s); raise %s (now %d,"
                    + " baseline %s; each step is one more backward pass). Every JSON gives the gap (completeness_gap).",
                    expected + gap, expected, gap, 100 * IntegratedGradientsSpec.TOLERANCE,
                    IntegratedGradientsSpec.TOLERANCE_FLOOR, steps, spec.steps(), spec.baseline().id());
        }
    }

    private CompletenessWarning() {}

    private static void toStandardError(String line) {
        System.err.println(line); // the stream at the time of the warning (tests replace it)
    }

    /**
     * Warns when {@code gap} exceeds the tolerance, unless {@code warned} says it was done.
     *
     * @param warned the explainer's own flag, set by the first warning
     * @param gap the map's sum less {@code expected}
     * @param expected {@code score - baseline_score}
     * @param spec the steps and baseline the map was made with
     */
    static void check(AtomicBoolean warned, double gap, double expected, IntegratedGradientsSpec spec) {
        if (Double.isNaN(gap) || !IntegratedGradientsSpec.exceeds(gap, expected) || !warned.compareAndSet(false, true)) {
            return;
        }
        sink.accept(new Gap(gap, expected, spec));
    }

    /** Where the warnings go (standard error unless set); returns the previous sink. */
    public static Consumer<Gap> setSink(Consumer<Gap> to) {
        Consumer<Gap> old = sink;
        sink = java.util.Objects.requireNonNull(to);
        return old;
    }
}

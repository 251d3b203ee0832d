package pairviz.eval.faithfulness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import pairviz.data.Sample;
import pairviz.image.Preprocessing;
import pairviz.loading.EmbeddingModel;

/**
 * The faithfulness study of any folder of photos ({@link SwappedHalves}): partner specificity on
 * constructed triplets, and deletion, insertion and ground truth (the shared half) on the real
 * pairs (A, B1) and (A, B2) they give, with unrelated pairs (A, C) as the control.
 */
public final class SwappedHalvesStudy {
    private SwappedHalvesStudy() {}

    /**
     * What to measure.
     *
     * @param triplets constructed triplets (the split alternates top/bottom and left/right)
     * @param pairs constructed pairs for the curves (at most one per triplet)
     * @param controls unrelated pairs (at most one per triplet)
     * @param change what is done to A's half in B
     * @param curves the curves' settings (steps, batch, seed...)
     */
    public record Settings(int triplets, int pairs, int controls, SwappedHalves.Change change,
            FaithfulnessEvaluator.Settings curves) {
        public Settings {
            if (triplets < 0 || pairs < 0 || controls < 0 || change == null || curves == null) {
                throw new IllegalArgumentException("triplets, pairs, controls must be 0 or more; change and curves given");
            }
        }
    }

    /**
     * What the study found.
     *
     * @param report the curves' and ground truth's report (no groups when there were no pairs)
     * @param partner partner specificity per method
     * @param triplets how many triplets were scored
     */
    public record Result(FaithfulnessReport report, List<PartnerSpecificity.Row> partner, int triplets) {}

    /**
     * Runs the study.
     *
     * @param setup what the report records of how it was made
     * @param onImages told how many images each forward pass of the curves embedded
     * @param onTriplets told how many triplets each chunk finished
     */
    public static Result run(EmbeddingModel model, Preprocessing preprocessing, List<Method> methods, List<Sample> photos,
            Settings settings, Map<String, Object> setup, IntConsumer onImages, IntConsumer onTriplets) {
        long seed = settings.curves().seed();
        int n = Math.max(settings.triplets(), Math.max(settings.pairs(), settings.controls()));
        List<PartnerSpecificity.Triplet> all = SwappedHalves.triplets(photos, n, settings.change(), new Random(seed));
        List<PairResult> results = List.of();
        List<ImagePair> pairs = SwappedHalves.pairs(all, settings.pairs(), settings.controls(), new Random(seed + 1));
        if (!pairs.isEmpty()) {
            results = new FaithfulnessEvaluator(model, preprocessing, methods, settings.curves())
                    .evaluate(pairs, SwappedHalves.groundTruth(), onImages, k -> { });
        }
        List<PartnerSpecificity.Row> partner = List.of();
        List<PartnerSpecificity.Triplet> trips = all.subList(0, settings.triplets());
        if (!trips.isEmpty()) {
            PartnerSpecificity ps = new PartnerSpecificity(model, preprocessing, methods, settings.curves().batchSize());
            partner = ps.summarise(ps.evaluate(SwappedHalves.regions(), new ArrayList<>(trips), onTriplets), seed);
        }
        FaithfulnessReport report = FaithfulnessReport.of(results, methods, setup, seed);
        return new Result(report, partner, trips.size());
    }
}

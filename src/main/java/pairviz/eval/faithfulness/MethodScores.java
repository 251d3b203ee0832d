package pairviz.eval.faithfulness;

import java.util.EnumMap;
import java.util.Map;

/**
 * One method's result on one pair: the scores (NaN where a metric does not apply, e.g. ground
 * truth without a shared object) and the raw curves.
 *
 * @param method the method
 * @param scores every {@link Metric}'s value
 * @param curves the deletion and insertion curves, cosine similarities to B
 */
public record MethodScores(Method method, Map<Metric, Double> scores, CurveEngine.OrderCurves curves) {
    public MethodScores {
        scores = new EnumMap<>(scores);
        if (scores.size() != Metric.values().length) {
            throw new IllegalArgumentException("every metric needs a value (NaN when it does not apply)");
        }
    }

    public double get(Metric m) {
        return scores.get(m);
    }
}

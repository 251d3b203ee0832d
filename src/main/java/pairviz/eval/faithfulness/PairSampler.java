package pairviz.eval.faithfulness;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import pairviz.data.Sample;

/** Draws distinct random pairs of images, of the same class or of different classes, seeded. */
public final class PairSampler {
    private PairSampler() {}

    /**
     * Up to {@code n} distinct same-class pairs (A and B different images; a pair and its
     * reverse count as one). Fewer if the samples do not have that many.
     */
    public static List<ImagePair> sameClass(List<Sample> samples, int n, Random random) {
        Map<String, List<Sample>> byClass = new LinkedHashMap<>();
        for (Sample s : samples) {
            byClass.computeIfAbsent(s.label(), l -> new ArrayList<>()).add(s);
        }
        List<Sample> eligible = samples.stream().filter(s -> byClass.get(s.label()).size() >= 2).toList();
        long possible = byClass.values().stream().mapToLong(g -> (long) g.size() * (g.size() - 1) / 2).sum();
        return draw(n, possible, () -> {
            Sample a = eligible.get(random.nextInt(eligible.size()));
            List<Sample> group = byClass.get(a.label());
            Sample b = group.get(random.nextInt(group.size()));
            return a == b ? null : new ImagePair(a, b);
        });
    }

    /** Up to {@code n} distinct pairs of images of different classes. */
    public static List<ImagePair> differentClass(List<Sample> samples, int n, Random random) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Sample s : samples) {
            counts.merge(s.label(), 1, Integer::sum);
        }
        long same = counts.values().stream().mapToLong(c -> (long) c * (c - 1) / 2).sum();
        long possible = (long) samples.size() * (samples.size() - 1) / 2 - same;
        return draw(n, possible, () -> {
            Sample a = samples.get(random.nextInt(samples.size()));
            Sample b = samples.get(random.nextInt(samples.size()));
            return a.label().equals(b.label()) ? null : new ImagePair(a, b);
        });
    }

    private static List<ImagePair> draw(int n, long possible, java.util.function.Supplier<ImagePair> next) {
        List<ImagePair> out = new ArrayList<>();
        Set<Set<String>> seen = new HashSet<>();
        long want = Math.min(n, possible);
        while (out.size() < want) {
            ImagePair p = next.get();
            if (p != null && seen.add(Set.of(p.a().id(), p.b().id()))) {
                out.add(p);
            }
        }
        return out;
    }
}

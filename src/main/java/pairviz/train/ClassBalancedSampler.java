package pairviz.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import pairviz.BadParameterException;
import pairviz.PairvizException;

/**
 * Batches of P classes x K images: the P classes are distinct, drawn uniformly without
 * replacement; the K images of a class are drawn without replacement when the class has at least
 * K, otherwise with replacement.
 *
 * <p>Batch {@code t} is a pure function of the seed and {@code t} (its own random stream), so a
 * resumed run draws exactly the batches the uninterrupted run would have drawn, whatever the
 * number of loading threads.
 */
public final class ClassBalancedSampler {

    /**
     * One batch: the dataset indices of its images and their class numbers, class by class (K
     * images of the first class, then K of the second, ...).
     */
    public record Batch(int iteration, int[] samples, int[] classes) {}

    private final int[][] byClass;
    private final int classesPerBatch;
    private final int perClass;
    private final long seed;

    /**
     * @param classOf the class number (0..C-1) of each dataset image
     * @param classesPerBatch P, at most the number of classes
     * @param perClass K, at least 1
     * @param seed the sampling seed
     * @throws PairvizException if P or K do not fit the data
     */
    public ClassBalancedSampler(int[] classOf, int classesPerBatch, int perClass, long seed) {
        int classes = Arrays.stream(classOf).max().orElse(-1) + 1;
        List<List<Integer>> lists = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            lists.add(new ArrayList<>());
        }
        for (int i = 0; i < classOf.length; i++) {
            lists.get(classOf[i]).add(i);
        }
        this.byClass = lists.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        for (int c = 0; c < classes; c++) {
            if (byClass[c].length == 0) {
                throw new IllegalArgumentException("class " + c + " has no images");
            }
        }
        if (classesPerBatch < 1 || classesPerBatch > classes) {
            throw BadParameterException.of("batch classes", "must be between 1 and the " + classes
                    + " training classes, not " + classesPerBatch);
        }
        if (perClass < 1) {
            throw BadParameterException.of("batch per class", "must be at least 1, not " + perClass);
        }
        this.classesPerBatch = classesPerBatch;
        this.perClass = perClass;
        this.seed = seed;
    }

    /** Images per batch, P x K. */
    public int batchSize() {
        return classesPerBatch * perClass;
    }

    /** Number of classes C. */
    public int classes() {
        return byClass.length;
    }

    /** The batch of iteration {@code t} (0-based). */
    public Batch batch(int t) {
        SplittableRandom random = new SplittableRandom(mix(seed, t));
        int[] classOrder = prefix(identity(byClass.length), classesPerBatch, random);
        int[] samples = new int[batchSize()];
        int[] classes = new int[batchSize()];
        for (int p = 0; p < classesPerBatch; p++) {
            int[] members = byClass[classOrder[p]];
            int[] chosen;
            if (members.length >= perClass) {
                chosen = prefix(members.clone(), perClass, random);
            } else {
                chosen = new int[perClass];
                for (int k = 0; k < perClass; k++) {
                    chosen[k] = members[random.nextInt(members.length)];
                }
            }
            for (int k = 0; k < perClass; k++) {
                samples[p * perClass + k] = chosen[k];
                classes[p * perClass + k] = classOrder[p];
            }
        }
        return new Batch(t, samples, classes);
    }

    /** A uniformly random ordered choice of {@code n} of {@code values} (partial Fisher-Yates, in place). */
    private static int[] prefix(int[] values, int n, SplittableRandom random) {
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(values.length - i);
            int tmp = values[i];
            values[i] = values[j];
            values[j] = tmp;
        }
        return Arrays.copyOf(values, n);
    }

    private static int[] identity(int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    /** A seed for stream {@code t} of {@code seed} (SplitMix64 finaliser of both). */
    static long mix(long seed, long t) {
        long z = seed * 0x9E3779B97F4A7C15L + t + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

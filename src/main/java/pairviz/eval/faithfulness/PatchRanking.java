package pairviz.eval.faithfulness;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

/**
 * The order in which a map's patches are perturbed: highest value first. Equal values are put in
 * a random order (seeded by the caller), so that a map with ties, such as a uniform one, is not
 * silently read in raster order.
 */
public final class PatchRanking {
    private PatchRanking() {}

    /**
     * Patch indices by decreasing map value, ties broken by {@code tieBreak} (a priority per
     * patch; the lower goes first).
     *
     * @param map one value per patch
     * @param tieBreak as many distinct priorities as patches
     */
    public static int[] order(float[] map, int[] tieBreak) {
        if (map.length != tieBreak.length) {
            throw new IllegalArgumentException(map.length + " map values but " + tieBreak.length + " tie-break priorities");
        }
        Integer[] idx = new Integer[map.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.<Integer>comparingDouble(i -> -map[i]).thenComparingInt(i -> tieBreak[i]));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /** A random permutation of 0..n-1 to break ties with. */
    public static int[] randomPriorities(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}

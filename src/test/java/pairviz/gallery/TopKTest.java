package pairviz.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopKTest {
    /** Offers in any order, with many ties, keep the same best items as a full sort. */
    @Test
    void keepsTheBestInRankingOrderWhateverTheOfferOrder() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = rnd.nextInt(60);
            int capacity = rnd.nextInt(12);
            float[] sims = new float[n];
            for (int i = 0; i < n; i++) {
                sims[i] = rnd.nextInt(5) / 4f; // five values only: ties everywhere
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, rnd);
            TopK top = new TopK(capacity);
            for (int i : order) {
                top.offer(sims[i], i);
            }
            order.sort(Comparator.<Integer>comparingDouble(i -> -sims[i]).thenComparing(i -> i));
            int[] expected = order.subList(0, Math.min(capacity, n)).stream().mapToInt(i -> i).toArray();
            assertThat(top.drainRanked()).as("trial %d", trial).containsExactly(expected);
        }
    }
}

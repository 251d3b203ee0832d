package pairviz.gallery;

import pairviz.store.FloatMatrix;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A search split into gallery parts ({@link ExactSearch#scan}) and merged ranks as the whole search does. */
class ExactSearchScanTest {
    @Test
    void partsOfTheGalleryMergeIntoTheWholeSearchsRanking() {
        Random rnd = new Random(11);
        int n = 37;
        int d = 5;
        float[] data = new float[n * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = rnd.nextInt(3) - 1; // few values: many tied similarities
        }
        FloatMatrix all = new FloatMatrix(n, d, data);
        int k = 6;
        int[][] whole = ExactSearch.topK(all, k);
        int[] queryIds = {3, 4, 5, 6, 7, 8, 9};
        FloatMatrix queries = new FloatMatrix(queryIds.length, d, Arrays.copyOfRange(data, 3 * d, 10 * d));
        TopK[] merged = new TopK[queryIds.length];
        for (int i = 0; i < merged.length; i++) {
            merged[i] = new TopK(k);
        }
        for (int first = 0; first < n; first += 10) {
            int rows = Math.min(10, n - first);
            FloatMatrix part = new FloatMatrix(rows, d, Arrays.copyOfRange(data, first * d, (first + rows) * d));
            TopK[] heaps = new TopK[queryIds.length];
            for (int i = 0; i < heaps.length; i++) {
                heaps[i] = new TopK(k);
            }
            ExactSearch.scan(queries, queryIds, part, first, true, heaps);
            for (int i = 0; i < heaps.length; i++) {
                TopK.Ranked r = heaps[i].drain();
                assertThat(r.sims()).hasSameSizeAs(r.items());
                for (int j = 0; j < r.items().length; j++) {
                    assertThat(r.items()[j]).isBetween(first, first + rows - 1).isNotEqualTo(queryIds[i]);
                    merged[i].offer(r.sims()[j], r.items()[j]);
                }
            }
        }
        for (int i = 0; i < queryIds.length; i++) {
            assertThat(merged[i].drainRanked()).as("query %d", queryIds[i]).containsExactly(whole[queryIds[i]]);
        }
    }
}

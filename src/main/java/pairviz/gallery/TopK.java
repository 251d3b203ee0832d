package pairviz.gallery;

/**
 * The best {@code capacity} gallery items offered for one query, in a bounded heap.
 *
 * <p>Order (the ranking rule of this package): higher similarity first; equal similarities by
 * gallery index, lower first. The root of the heap is the worst item kept, so most offers are
 * turned away by one comparison.
 */
public final class TopK {
    /** Items best first with their similarities. */
    public record Ranked(int[] items, float[] sims) {}

    private final float[] sims;
    private final int[] items;
    private int size;

    /** A heap that keeps the best {@code capacity} items. */
    public TopK(int capacity) {
        sims = new float[capacity];
        items = new int[capacity];
    }

    /** Offers gallery item {@code item} with similarity {@code sim}; kept only if among the best. */
    public void offer(float sim, int item) {
        int capacity = sims.length;
        if (size < capacity) {
            siftUp(size++, sim, item);
        } else if (capacity > 0 && worse(sims[0], items[0], sim, item)) {
            siftDown(0, sim, item);
        }
    }

    /** The items kept, best first; empties the heap. */
    public int[] drainRanked() {
        return drain().items();
    }

    /**
     * The items kept, best first, with their similarities; empties the heap. (Heaps of disjoint
     * parts of a gallery merge exactly: offer every part's items to one heap.)
     */
    public Ranked drain() {
        int[] ranked = new int[size];
        float[] rankedSims = new float[size];
        for (int r = size - 1; r >= 0; r--) {
            ranked[r] = items[0];
            rankedSims[r] = sims[0];
            size--;
            if (size > 0) {
                siftDown(0, sims[size], items[size]);
            }
        }
        return new Ranked(ranked, rankedSims);
    }

    /** Whether (simA, itemA) ranks below (simB, itemB). */
    private static boolean worse(float simA, int itemA, float simB, int itemB) {
        return simA < simB || (simA == simB && itemA > itemB);
    }

    private void siftUp(int pos, float sim, int item) {
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (!worse(sim, item, sims[parent], items[parent])) {
                break;
            }
            sims[pos] = sims[parent];
            items[pos] = items[parent];
            pos = parent;
        }
        sims[pos] = sim;
        items[pos] = item;
    }

    private void siftDown(int pos, float sim, int item) {
        int half = size >>> 1;
        while (pos < half) {
            int child = 2 * pos + 1;
            int right = child + 1;
            if (right < size && worse(sims[right], items[right], sims[child], items[child])) {
                child = right;
            }
            if (!worse(sims[child], items[child], sim, item)) {
                break;
            }
            sims[pos] = sims[child];
            items[pos] = items[child];
            pos = child;
        }
        sims[pos] = sim;
        items[pos] = item;
    }
}

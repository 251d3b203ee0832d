package pairviz.eval.faithfulness;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import pairviz.explain.Vectors;

/**
 * Runs the deletion and insertion curves of many pairs and patch orders with as few forward
 * passes as possible: every perturbed image the curves need is listed first, images that several
 * curves share (the same pair with the same patches replaced by the same baseline, e.g. the
 * unperturbed and the fully deleted image, or the first steps of two maps that agree on their top
 * patches) are embedded once, and all of them go through the network in batches of
 * {@code batchSize}, across pairs and steps.
 *
 * <p>Insertion restores the top patches of A onto its blurred copy; after restoring a set S that
 * is A with the complement of S blurred, the same image blur deletion makes, so the two share
 * their images.
 */
public final class CurveEngine {
    private final Perturbation geometry;
    private final Embedder embedder;
    private final int steps;
    private final int batchSize;

    /** What the curves of one pair need. */
    public record PairInput(float[] imageA, float[] meanBaseline, float[] blurredA, double[] unitB, List<int[]> orders) {}

    /**
     * The three curves of one patch order, K + 1 cosine similarities to B each.
     *
     * @param deletion top patches replaced by the mean colour, one step at a time
     * @param deletionBlur top patches replaced by the blurred image
     * @param insertion top patches restored onto the blurred image
     */
    public record OrderCurves(double[] deletion, double[] deletionBlur, double[] insertion) {}

    private record Key(int pair, boolean blur, BitSet replaced) {}

    /**
     * @param steps K, the number of perturbation steps of a curve
     * @param batchSize images per forward pass
     */
    public CurveEngine(Perturbation geometry, Embedder embedder, int steps, int batchSize) {
        if (steps < 1 || batchSize < 1) {
            throw new IllegalArgumentException("steps and batch size must be positive");
        }
        this.geometry = geometry;
        this.embedder = embedder;
        this.steps = steps;
        this.batchSize = batchSize;
    }

    /**
     * The curves of every order of every pair.
     *
     * @param onImages told how many images each forward pass embedded
     * @return per pair, per order, the curves
     */
    public List<List<OrderCurves>> run(List<PairInput> pairs, IntConsumer onImages) {
        Map<Key, Integer> slots = new LinkedHashMap<>();
        List<List<int[][]>> index = new ArrayList<>(); // [pair][order] -> [curve][step] slot
        for (int p = 0; p < pairs.size(); p++) {
            List<int[][]> perOrder = new ArrayList<>();
            for (int[] order : pairs.get(p).orders()) {
                if (order.length != geometry.cells()) {
                    throw new IllegalArgumentException("order of " + order.length + " patches for " + geometry.cells());
                }
                int[][] s = new int[3][steps + 1];
                for (int k = 0; k <= steps; k++) {
                    BitSet top = new BitSet(order.length);
                    for (int i = 0; i < Curves.count(k, steps, order.length); i++) {
                        top.set(order[i]);
                    }
                    BitSet rest = new BitSet(order.length);
                    rest.set(0, order.length);
                    rest.andNot(top);
                    s[0][k] = slot(slots, p, false, top);
                    s[1][k] = slot(slots, p, true, top);
                    s[2][k] = slot(slots, p, true, rest);
                }
                perOrder.add(s);
            }
            index.add(perOrder);
        }
        double[] sims = similarities(pairs, new ArrayList<>(slots.keySet()), onImages);
        List<List<OrderCurves>> out = new ArrayList<>();
        for (List<int[][]> perOrder : index) {
            List<OrderCurves> curves = new ArrayList<>();
            for (int[][] s : perOrder) {
                curves.add(new OrderCurves(pick(sims, s[0]), pick(sims, s[1]), pick(sims, s[2])));
            }
            out.add(curves);
        }
        return out;
    }

    /** The slot of an image; an empty replaced set is A itself whatever the baseline. */
    private static int slot(Map<Key, Integer> slots, int pair, boolean blur, BitSet replaced) {
        Key key = new Key(pair, blur && !replaced.isEmpty(), replaced);
        return slots.computeIfAbsent(key, k -> slots.size());
    }

    private double[] similarities(List<PairInput> pairs, List<Key> keys, IntConsumer onImages) {
        double[] sims = new double[keys.size()];
        for (int from = 0; from < keys.size(); from += batchSize) {
            int to = Math.min(keys.size(), from + batchSize);
            List<float[]> images = new ArrayList<>(to - from);
            for (Key k : keys.subList(from, to)) {
                PairInput p = pairs.get(k.pair());
                images.add(geometry.replace(p.imageA(), k.blur() ? p.blurredA() : p.meanBaseline(), k.replaced()));
            }
            float[][] e = embedder.embed(images);
            for (int i = from; i < to; i++) {
                sims[i] = Vectors.cosine(e[i - from], pairs.get(keys.get(i).pair()).unitB());
            }
            onImages.accept(to - from);
        }
        return sims;
    }

    private static double[] pick(double[] sims, int[] slots) {
        double[] out = new double[slots.length];
        for (int i = 0; i < slots.length; i++) {
            out[i] = sims[slots[i]];
        }
        return out;
    }
}

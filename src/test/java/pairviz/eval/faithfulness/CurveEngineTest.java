package pairviz.eval.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Deletion and insertion on a hand-built "network" whose similarity to B depends on one patch
 * only: the map that points at that patch must beat the uniform and the reversed map.
 */
class CurveEngineTest {
    private static final int S = 8; // 8 x 8 pixels, a 2 x 2 grid of 4 x 4 patches
    private static final Perturbation GRID = new Perturbation(S, 2, 2);
    private static final int INFORMATIVE = 2; // the bottom-left patch

    /** Embedding (v, 1) with v the mean of channel 0 over the informative patch; B is (1, 0). */
    private static float[] embed(float[] image) {
        double v = 0;
        for (int y = 4; y < 8; y++) {
            for (int x = 0; x < 4; x++) {
                v += image[y * S + x];
            }
        }
        return new float[] {(float) (v / 16), 1};
    }

    private static final double[] UNIT_B = {1, 0};

    private static double similarity(float[] image) {
        float[] e = embed(image);
        return e[0] / Math.hypot(e[0], e[1]);
    }

    /** A: 3 on the informative patch, noise elsewhere, in every channel. */
    private static float[] imageA() {
        Random r = new Random(5);
        float[] a = new float[3 * S * S];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < S; y++) {
                for (int x = 0; x < S; x++) {
                    boolean inside = y >= 4 && x < 4;
                    a[c * S * S + y * S + x] = inside ? 3 : (float) r.nextGaussian();
                }
            }
        }
        return a;
    }

    private static final AtomicInteger CALLS = new AtomicInteger();

    private static final Embedder MODEL = images -> {
        CALLS.incrementAndGet();
        float[][] out = new float[images.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = embed(images.get(i));
        }
        return out;
    };

    private static final int[] EXACT = {2, 0, 1, 3};
    private static final int[] REVERSED = {0, 1, 3, 2};

    private static List<CurveEngine.OrderCurves> run(int batch, List<int[]> orders) {
        float[] a = imageA();
        float[] mean = GRID.constant(new float[] {0, 0, 0});
        CurveEngine engine = new CurveEngine(GRID, MODEL, 4, batch);
        var input = new CurveEngine.PairInput(a, mean, GRID.blur(a, 1.0), UNIT_B, orders);
        return engine.run(List.of(input), n -> {}).get(0);
    }

    @Test
    void deletionCurvesHaveTheValuesWorkedOutByHand() {
        List<CurveEngine.OrderCurves> c = run(64, List.of(EXACT, REVERSED));
        double s = 3 / Math.hypot(3, 1);
        // the informative patch goes first: the similarity falls to 0 at step 1 and stays there
        assertThat(c.get(0).deletion()).containsExactly(new double[] {s, 0, 0, 0, 0}, within(1e-6));
        // ... or last
        assertThat(c.get(1).deletion()).containsExactly(new double[] {s, s, s, s, 0}, within(1e-6));
        assertThat(Curves.normalisedArea(c.get(0).deletion(), s)).isCloseTo(0.125, within(1e-6));
        assertThat(Curves.normalisedArea(c.get(1).deletion(), s)).isCloseTo(0.875, within(1e-6));
    }

    @Test
    void insertionStartsFromTheBlurredImageAndEndsAtA() {
        float[] a = imageA();
        double s = similarity(a);
        double blurred = similarity(GRID.blur(a, 1.0));
        List<CurveEngine.OrderCurves> c = run(64, List.of(EXACT, REVERSED));
        assertThat(c.get(0).insertion()).containsExactly(new double[] {blurred, s, s, s, s}, within(1e-6));
        assertThat(c.get(1).insertion()[0]).isCloseTo(blurred, within(1e-6));
        assertThat(c.get(1).insertion()[4]).isCloseTo(s, within(1e-6));
    }

    @Test
    void theExactMapBeatsUniformAndReversedOnEveryCurve() {
        float[] uniform = new float[4];
        int[] uniformOrder = PatchRanking.order(uniform, PatchRanking.randomPriorities(4, new Random(9)));
        List<CurveEngine.OrderCurves> c = run(64, List.of(EXACT, uniformOrder, REVERSED));
        double s = c.get(0).deletion()[0];
        double[] del = new double[3];
        double[] blur = new double[3];
        double[] ins = new double[3];
        for (int i = 0; i < 3; i++) {
            del[i] = Curves.normalisedArea(c.get(i).deletion(), s);
            blur[i] = Curves.normalisedArea(c.get(i).deletionBlur(), s);
            ins[i] = Curves.normalisedArea(c.get(i).insertion(), s);
        }
        assertThat(del[0]).isLessThan(del[1]);
        assertThat(del[1]).isLessThanOrEqualTo(del[2]);
        assertThat(blur[0]).isLessThan(blur[2]);
        assertThat(blur[0]).isLessThanOrEqualTo(blur[1]);
        assertThat(ins[0]).isGreaterThan(ins[2]);
        assertThat(ins[0]).isGreaterThanOrEqualTo(ins[1]);
    }

    @Test
    void sharedImagesAreEmbeddedOnceAndBatchingChangesNothing() {
        List<int[]> orders = List.of(EXACT, REVERSED, EXACT.clone());
        List<Integer> sizes = new ArrayList<>();
        float[] a = imageA();
        var input = new CurveEngine.PairInput(a, GRID.constant(new float[3]), GRID.blur(a, 1.0), UNIT_B, orders);
        CALLS.set(0);
        var big = new CurveEngine(GRID, MODEL, 4, 1000).run(List.of(input), sizes::add).get(0);
        assertThat(CALLS.get()).isEqualTo(1); // one forward pass for everything
        // distinct images, worked out by hand (patch sets replaced; A itself is the empty set):
        // mean colour: {}, {2}, {2,0}, {2,0,1}, {0}, {0,1}, {0,1,3}, all                      -> 8
        // blur: deletion's {2}, {0,2}, {0,1,2}, {0}, {0,1}, {0,1,3}, all, plus insertion's
        // complements not among them: {1,3}, {3}, {1,2,3}, {2,3} ({0,1,3} and {2} are shared)  -> 11
        // the repeated order adds nothing
        assertThat(sizes).containsExactly(19);
        var small = new CurveEngine(GRID, MODEL, 4, 3).run(List.of(input), n -> {}).get(0);
        for (int i = 0; i < orders.size(); i++) {
            assertThat(small.get(i).deletion()).containsExactly(big.get(i).deletion(), within(0.0));
            assertThat(small.get(i).insertion()).containsExactly(big.get(i).insertion(), within(0.0));
        }
    }
}

package pairviz.data.scenes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

    private static SceneObject object(int index, String id, int visible) {
        boolean sig = id.startsWith("sig:");
        return new SceneObject(index, id, sig ? SceneObject.Kind.SIGNATURE : SceneObject.Kind.DISTRACTOR,
                sig ? 0 : null, ShapeKind.CIRCLE, Colour.RED, Texture.SOLID, new SceneObject.Point(1, 1), 1, 0,
                SceneObject.Box.EMPTY, visible, visible);
    }

    /**
     * Image A, 4 x 3:      B shows sig:c0:o0 and dis:3, and lists sig:c0:o1 fully occluded.
     *   1 1 2 0
     *   1 3 3 0
     *   0 3 2 4
     */
    private static final int[][] A = {{1, 1, 2, 0}, {1, 3, 3, 0}, {0, 3, 2, 4}};

    private static LabelMap maskA() {
        LabelMap m = new LabelMap(4, 3);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                m.set(x, y, A[y][x]);
            }
        }
        return m;
    }

    private static final List<SceneObject> OBJECTS_A = List.of(
            object(1, "sig:c0:o0", 3), object(2, "dis:3", 2), object(3, "sig:c0:o1", 3), object(4, "sig:c0:o2", 1));
    private static final List<SceneObject> OBJECTS_B = List.of(
            object(1, "sig:c0:o1", 0), object(2, "dis:3", 10), object(3, "sig:c0:o0", 5), object(4, "dis:9", 4));

    private static String render(PixelMask m) {
        StringBuilder b = new StringBuilder();
        for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
                b.append(m.get(x, y) ? '#' : '.');
            }
            b.append('/');
        }
        return b.toString();
    }

    @Test
    void sharedSignaturesAreTheVisibleSignaturesOfABothImagesShow() {
        PixelMask m = GroundTruth.sharedSignatureMask(OBJECTS_A, maskA(), OBJECTS_B);
        // Only sig:c0:o0 (label 1): o1 is hidden in B, o2 absent from B, dis:3 is no signature.
        assertThat(render(m)).isEqualTo("##../#.../..../");
        assertThat(m.count()).isEqualTo(3);
    }

    @Test
    void sharedObjectsIncludeDistractors() {
        PixelMask m = GroundTruth.sharedObjectMask(OBJECTS_A, maskA(), OBJECTS_B);
        assertThat(render(m)).isEqualTo("###./#.../..#./");
    }

    @Test
    void coverageAveragesOverGridCells() {
        PixelMask m = GroundTruth.sharedObjectMask(OBJECTS_A, maskA(), OBJECTS_B);
        // 2 x 1 grid: left half (x 0-1) has 3 of 6 set, right half (x 2-3) has 2 of 6.
        assertThat(m.coverage(2, 1)).containsExactly(3 / 6f, 2 / 6f);
        assertThat(m.coverage(4, 3)[0]).isEqualTo(1f);
    }

    @Test
    void semanticDistributionSumsToOne() {
        LabelMap seg = new LabelMap(2, 2);
        seg.set(0, 0, ShapeKind.STAR.semanticId());
        seg.set(1, 0, ShapeKind.STAR.semanticId());
        seg.set(0, 1, ShapeKind.RING.semanticId());
        double[] d = GroundTruth.semanticDistribution(seg);
        assertThat(d).hasSize(ShapeKind.values().length + 1);
        assertThat(d[0]).isEqualTo(0.25);
        assertThat(d[ShapeKind.STAR.semanticId()]).isEqualTo(0.5);
        assertThat(d[ShapeKind.RING.semanticId()]).isEqualTo(0.25);
    }
}

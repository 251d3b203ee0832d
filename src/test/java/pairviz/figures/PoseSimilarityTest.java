package pairviz.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import pairviz.data.scenes.LabelMap;
import pairviz.explain.Vectors;

class PoseSimilarityTest {
    @Test
    void histogramLeavesBackgroundOutAndHasUnitLength() {
        LabelMap m = new LabelMap(4, 4); // 16 pixels: 6 of label 7, 2 of label 200, 8 background
        for (int i = 0; i < 4; i++) {
            m.set(i, 0, 7);
        }
        m.set(0, 1, 7);
        m.set(1, 1, 7);
        m.set(3, 3, 200);
        m.set(2, 3, 200);
        double[] h = PoseSimilarity.histogram(m);
        assertThat(h).hasSize(255);
        double n = Math.sqrt(6 * 6 + 2 * 2);
        assertThat(h[6]).isCloseTo(6 / n, within(1e-12));
        assertThat(h[199]).isCloseTo(2 / n, within(1e-12));
        assertThat(Vectors.dot(h, h)).isCloseTo(1, within(1e-12));
        assertThat(PoseSimilarity.histogram(new LabelMap(3, 3))).containsOnly(0.0);
    }

    @Test
    void queriesAreSpreadEvenly() {
        assertThat(PoseSimilarity.queryIndices(10, 4)).containsExactly(0, 2, 5, 7);
        assertThat(PoseSimilarity.queryIndices(3, 10)).containsExactly(0, 1, 2);
    }
}

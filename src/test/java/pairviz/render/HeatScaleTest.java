package pairviz.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeatmapTest {
    @Test
    void minMaxSpansZeroToOne() {
        float[] m = HeatScale.minMax(new float[] {3f, -1f, 1f, 7f});
        assertThat(m).containsExactly(0.5f, 0f, 0.25f, 1f);
    }

    @Test
    void constantMapGivesZerosNotNaN() {
        assertThat(HeatScale.minMax(new float[] {2.5f, 2.5f, 2.5f})).containsExactly(0f, 0f, 0f);
        float[][] both = HeatScale.minMaxShared(new float[] {1f, 1f}, new float[] {1f, 1f});
        assertThat(both[0]).containsExactly(0f, 0f);
        assertThat(both[1]).containsExactly(0f, 0f);
    }

    @Test
    void sharedScaleKeepsTheRatioBetweenMaps() {
        float[] a = {0f, 1f, 2f};
        float[] b = {1f, 3f, 4f};
        float[][] s = HeatScale.minMaxShared(a, b);
        assertThat(s[0]).containsExactly(0f, 0.25f, 0.5f);
        assertThat(s[1]).containsExactly(0.25f, 0.75f, 1f);
        // separate scales would stretch both to [0,1]
        assertThat(HeatScale.minMax(a)).containsExactly(0f, 0.5f, 1f);
    }

    @Test
    void sharedScaleEqualsSeparateWhenMapsShareRange() {
        float[] a = {0.1f, 0.9f, 0.3f, 0.6f};
        float[] b = {0.9f, 0.1f, 0.2f, 0.5f};
        float[][] s = HeatScale.minMaxShared(a, b);
        assertThat(s[0]).containsExactly(HeatScale.minMax(a));
        assertThat(s[1]).containsExactly(HeatScale.minMax(b));
    }

    @Test
    void refusesNaN() {
        assertThatThrownBy(() -> HeatScale.minMax(new float[] {1f, Float.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("map contains NaN or infinite values");
    }
}

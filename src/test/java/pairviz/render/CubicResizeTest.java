package pairviz.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pairviz.testutil.Fixtures;

/** Against cv2.resize(..., interpolation=cv2.INTER_CUBIC) on float32 (OpenCV 4.6, make_fixtures.py). */
class CubicResizeTest {
    static Stream<JsonNode> cases() {
        return StreamSupport.stream(Fixtures.json("render/cases.json").get("cubic").spliterator(), false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesOpenCv(JsonNode c) {
        String name = c.get("name").asText();
        float[] src = Fixtures.f32("render/" + name + "_src.f32");
        float[] out = CubicResize.resize(src, c.get("srcH").asInt(), c.get("srcW").asInt(),
                c.get("dstH").asInt(), c.get("dstW").asInt());
        assertThat(out).hasSize(c.get("dstH").asInt() * c.get("dstW").asInt());

        float[] expected = Fixtures.f32("render/" + name + "_expected.f32");
        int[] index = c.get("sampled").asBoolean() ? Fixtures.i32("render/" + name + "_index.i32") : null;
        float[] actual = new float[expected.length];
        for (int i = 0; i < expected.length; i++) {
            actual[i] = out[index == null ? i : index[i]];
        }
        // same float32 operations in the same order as OpenCV: equal to the last bit
        assertThat(actual).containsExactly(expected);
    }

    @Test
    void constantStaysConstantAndIdentityKeepsValues() {
        float[] flat = new float[16];
        java.util.Arrays.fill(flat, 2.5f);
        for (float v : CubicResize.resize(flat, 4, 4, 9, 13)) {
            assertThat(v).isCloseTo(2.5f, org.assertj.core.data.Offset.offset(1e-6f));
        }
        float[] ramp = {0, 1, 2, 3, 4, 5};
        assertThat(CubicResize.resize(ramp, 2, 3, 2, 3)).containsExactly(ramp);
    }

    @Test
    void checksSizes() {
        assertThatThrownBy(() -> CubicResize.resize(new float[5], 2, 3, 4, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("map has 5 values, expected 2 x 3");
    }
}

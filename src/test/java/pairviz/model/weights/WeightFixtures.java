package pairviz.model.weights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fixtures of src/test/python/make_weight_fixtures.py and their expected contents. */
final class WeightFixtures {
    private WeightFixtures() {}

    static Path dir() {
        try {
            return Path.of(WeightFixtures.class.getResource("/weights/expected.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path file(String name) {
        return dir().resolve(name);
    }

    static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(file("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One expected tensor: name, shape and float32 values. */
    record Expected(String name, long[] shape, float[] values) {}

    static List<Expected> expectedTensors(String fixture) {
        JsonNode list = expected().get(fixture);
        assertThat(list).as("expected.json entry for " + fixture).isNotNull();
        List<Expected> out = new ArrayList<>();
        for (JsonNode e : list) {
            long[] shape = new long[e.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.get("shape").get(i).asLong();
            }
            float[] values = new float[e.get("bits").size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Float.intBitsToFloat((int) e.get("bits").get(i).asLong());
            }
            out.add(new Expected(e.get("name").asText(), shape, values));
        }
        return out;
    }

    /** Asserts names (in order), shapes and every value, bit for bit (NaNs equal, -0 != 0). */
    static void assertMatches(StateDict actual, List<Expected> expected) {
        assertThat(actual.names()).containsExactlyElementsOf(expected.stream().map(Expected::name).toList());
        for (Expected e : expected) {
            Tensor t = actual.get(e.name());
            assertThat(t.shape()).as("shape of %s", e.name()).containsExactly(e.shape());
            float[] got = t.data();
            assertThat(got.length).as("size of %s", e.name()).isEqualTo(e.values().length);
            for (int i = 0; i < got.length; i++) {
                if (Float.compare(got[i], e.values()[i]) != 0) {
                    throw new AssertionError(e.name() + "[" + i + "]: expected " + e.values()[i] + " but got " + got[i]);
                }
            }
        }
    }
}

package pairviz.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The committed numerical fixtures of the Python reference (src/test/resources/fixtures). */
public final class Fixtures {
    private Fixtures() {}

    public static final Path DIR = Path.of("src/test/resources/fixtures");

    public static Path file(String name) {
        return DIR.resolve(name);
    }

    public static JsonNode json(String name) {
        try {
            return new ObjectMapper().readTree(file(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON array of numbers (nested arrays flattened row-major). */
    public static float[] floats(JsonNode node) {
        java.util.List<Float> out = new java.util.ArrayList<>();
        flatten(node, out);
        float[] f = new float[out.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = out.get(i);
        }
        return f;
    }

    private static void flatten(JsonNode node, java.util.List<Float> out) {
        if (node.isArray()) {
            node.forEach(n -> flatten(n, out));
        } else {
            out.add(node.floatValue());
        }
    }
}

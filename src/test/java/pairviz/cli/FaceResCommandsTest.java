package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.testutil.Fixtures;
import pairviz.testutil.HumanModels;

/**
 * The commands on a real pretrained TensorFlow.js network, FaceRes, read from the npm package's
 * own files, on real face photos: TensorFlow.js's score, maps that sum to it, gradients through the
 * graph, and the package's other face networks refused in one line.
 */
class FaceResCommandsTest {
    /** FaceRes takes raw 0..255 RGB: pairviz's 0..1 pixels divided by 1/255. */
    static final String NORM = "0,0,0:0.00392157,0.00392157,0.00392157";
    static final JsonNode EXPECTED = Fixtures.json("faceres/expected.json");

    @TempDir Path tmp;

    JsonNode explain(String a, String b, String... more) throws IOException {
        Path json = tmp.resolve(a + b + more.length + ".json");
        List<String> args = new ArrayList<>(List.of("explain", HumanModels.crop(a).toString(), HumanModels.crop(b).toString(),
                "--weights", HumanModels.model("faceres.json").toString(), "--norm", NORM, "--no-pictures",
                "--json", json.toString()));
        args.addAll(List.of(more));
        CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void explainGivesTensorFlowJsScoreAndMapsThatSumToIt() throws IOException {
        JsonNode got = explain("face2", "face3");
        double want = EXPECTED.get("cosines").get("face2 face3").asDouble();
        System.out.printf("FaceRes explain face2 face3: score %.9f, TensorFlow.js %.9f, maps sum to %.9f and %.9f%n",
                got.get("score").asDouble(), want, got.get("a").get("sum").asDouble(), got.get("b").get("sum").asDouble());
        assertThat(got.get("mode").asText()).isEqualTo("none");
        assertThat(got.get("grid").toString()).isEqualTo("[7,7]");
        assertThat(got.get("score").asDouble()).isCloseTo(want, within(1e-5));
        assertThat(got.get("a").get("sum").asDouble()).isCloseTo(got.get("score").asDouble(), within(1e-5));
        assertThat(got.get("b").get("sum").asDouble()).isCloseTo(got.get("score").asDouble(), within(1e-5));
    }

    /**
     * Gradient x input sums to {@code x . grad f(x)}, the derivative of {@code f(t x)} at t = 1 with
     * f the cosine toward the partner: checked against central differences of the forward pass
     * (to 3%: float32 differences over a step small enough to cross few of the ReLU6 kinks).
     */
    @Test
    void gradientsFlowThroughTheGraph() throws IOException {
        JsonNode got = explain("face1", "face4", "--mode", "grad-input");
        double sum = got.get("a").get("sum").asDouble();
        try (EmbeddingModel m = EmbeddingModel.load(HumanModels.model("faceres.json"), ModelOptions.auto())) {
            float[] a = HumanModels.raw("face1");
            float[] b = m.embeddings(List.of(HumanModels.raw("face4"))).get(0);
            double h = 1e-4; // the network is piecewise linear (ReLU6): a wider step crosses its kinks
            List<float[]> scaled = new ArrayList<>();
            for (double t : new double[] {1 + h, 1 - h}) {
                float[] x = a.clone();
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (x[i] * t);
                }
                scaled.add(x);
            }
            List<float[]> e = m.embeddings(scaled);
            double derivative = (pairviz.explain.Vectors.cosine(e.get(0), b) - pairviz.explain.Vectors.cosine(e.get(1), b)) / (2 * h);
            System.out.printf("FaceRes grad-input face1 given face4 sums to %.6f; central difference %.6f%n", sum, derivative);
            assertThat(Math.abs(sum)).isGreaterThan(1e-4);
            assertThat(sum).isCloseTo(derivative, within(0.03 * Math.abs(derivative)));
        }
    }

    @Test
    void inspectSaysWhatItFound() {
        CliRunner.Result r = CliRunner.run("inspect", HumanModels.model("faceres.json").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("family:       tfjs", "features conv_pw_13_relu/clip_by_value", "embedding global_pooling/Mean",
                "49 on a 7 x 7 grid", "gender_pred/Sigmoid");
    }

    @Test
    void aNamedNodeThatIsNoMapNorEmbeddingIsRefusedInOneLine() {
        CliRunner.Result r = CliRunner.run("inspect", HumanModels.model("faceres.json").toString(), "--features", "nowhere");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).isEqualTo("pairviz: --features nowhere is not a node of faceres.json");
    }

    @Test
    void featuresIsRefusedForANetworkThatIsNoGraph() {
        CliRunner.Result r = CliRunner.run("explain", Fixtures.fixture("blob0_32.png").toString(),
                Fixtures.fixture("blob1_32.png").toString(), "--weights", Fixtures.fixture("script_cnn.pt").toString(),
                "--features", "x", "--out", tmp.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).startsWith("pairviz: --features names a node of a model graph").doesNotContain("\n");
    }

    @Test
    void bf16IsRefusedForAGraphThatRunsInFp32() {
        CliRunner.Result r = CliRunner.run("explain", HumanModels.crop("face1").toString(), HumanModels.crop("face2").toString(),
                "--weights", HumanModels.model("faceres.json").toString(), "--precision", "bf16", "--out", tmp.resolve("o").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).contains("--precision bf16 does not fit", "float32").doesNotContain("\n");
    }
}

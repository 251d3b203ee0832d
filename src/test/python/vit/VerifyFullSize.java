import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pairviz.explain.ExplainOptions;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageFeatures;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.explain.RolloutSpec;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;

/**
 * The Java half of verify_full_size.py (run once by hand, with the classpath of target/classes and
 * the dependencies): java -cp CP src/test/python/vit/VerifyFullSize.java /tmp/vitb16
 */
public class VerifyFullSize {
    static List<float[]> inputs(int s) {
        List<float[]> x = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            float[] v = new float[3 * s * s];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) Math.sin(0.37 * (i + 1) + 1.3 * b);
            }
            x.add(v);
        }
        return x;
    }

    static void compare(List<float[]> got, JsonNode expected) {
        for (int b = 0; b < 2; b++) {
            JsonNode e = expected.get(b);
            double dot = 0, gg = 0, ee = 0, diff = 0;
            for (int i = 0; i < e.size(); i++) {
                double g = got.get(b)[i], t = e.get(i).asDouble();
                dot += g * t; gg += g * g; ee += t * t; diff += (g - t) * (g - t);
            }
            System.out.printf("image %d: cosine %.9f, relative error %.3g%n", b, dot / Math.sqrt(gg * ee), Math.sqrt(diff / ee));
        }
    }

    public static void main(String[] args) throws Exception {
        JsonNode doc = new ObjectMapper().readTree(Path.of(args[0] + ".json").toFile());
        List<float[]> x = inputs(224);
        long t0 = System.nanoTime();
        try (EmbeddingModel m = EmbeddingModel.load(Path.of(args[0] + ".pth"), ModelOptions.builder().optImageSize(256).build())) {
            System.out.println("at 256: " + m.reading().notes());
            compare(m.embeddings(inputs(256)), doc.get("embeddings_256"));
        }
        try (EmbeddingModel m = EmbeddingModel.load(Path.of(args[0] + ".pth"), ModelOptions.auto())) {
            System.out.println("loaded in " + (System.nanoTime() - t0) / 1e9 + " s: " + m.reading().family().id() + ", "
                    + m.config().describe() + ", notes " + m.reading().notes() + ", ignored " + m.reading().ignored());
            compare(m.embeddings(x), doc.get("embeddings"));
            List<ImageFeatures> f = new FeatureExtractor(m, RolloutSpec.DEFAULT).extract(List.of("a", "b"), x);
            PairExplanation p = new PairExplainer(ExplainOptions.DEFAULT).explain(f.get(0), f.get(1));
            System.out.printf("explain (mode %s): score %.7f, torchvision cosine %.7f, difference %.2g, map %dx%d%n",
                    p.options().mode(), p.score(), doc.get("cosine").asDouble(), Math.abs(p.score() - doc.get("cosine").asDouble()),
                    p.mapA().rows(), p.mapA().cols());
        }
    }
}

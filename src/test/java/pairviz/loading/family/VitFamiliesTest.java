package pairviz.loading.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pairviz.explain.ExplainOptions;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageFeatures;
import pairviz.explain.Mode;
import pairviz.explain.PairExplainer;
import pairviz.explain.PairExplanation;
import pairviz.explain.RolloutSpec;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.testutil.Fixtures;

/**
 * Every ViT family reads its library's checkpoint (the hand-built state dicts with the libraries'
 * exact names of src/test/python/families, made by the vitref fixtures) from the file the library
 * writes and from a safetensors copy, embeds as the library's reference does, and explains with
 * the score those embeddings give.
 */
public class VitFamiliesTest {
    @TempDir Path tmp;

    /** folder, weights file, family id, head count to give (null: config.json's), safetensors metadata. */
    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of("timm_deit_distilled", "timm_deit_distilled.pth", "timm-vit", 2, Map.of()),
                Arguments.of("timm_vit_reg_ls", "timm_vit_reg_ls.pth", "timm-vit", 2, Map.of()),
                Arguments.of("timm_vit_avg_fcnorm", "timm_vit_avg_fcnorm.pth", "timm-vit", 2, Map.of()),
                Arguments.of("dinov2_hub", "dinov2_hub.pth", "dinov2-hub", 2, Map.of()),
                Arguments.of("dinov2_hub_reg4", "dinov2_hub_reg4.pth", "dinov2-hub", 2, Map.of()),
                Arguments.of("hf_vit", "pytorch_model.bin", "hf-vit", null, Map.of()),
                Arguments.of("hf_deit", "pytorch_model.bin", "hf-vit", null, Map.of()),
                Arguments.of("hf_deit_teacher", "pytorch_model.bin", "hf-vit", null, Map.of()),
                Arguments.of("hf_dinov2", "pytorch_model.bin", "hf-dinov2", null, Map.of()),
                Arguments.of("hf_dinov2_reg", "pytorch_model.bin", "hf-dinov2", null, Map.of()),
                Arguments.of("hf_clip_vision_proj", "pytorch_model.bin", "hf-clip", null, Map.of()),
                Arguments.of("hf_clip_full", "pytorch_model.bin", "hf-clip", null, Map.of()),
                Arguments.of("openai_clip", "openai_clip.pth", "openai-clip", 2, Map.of()),
                Arguments.of("open_clip", "open_clip.pth", "openai-clip", 2, Map.of(OpenClipVisual.ACTIVATION, "gelu")),
                Arguments.of("open_clip_ls", "open_clip_ls.pth", "openai-clip", 2, Map.of()));
    }

    /** The inputs of the family fixtures (families/README.md): B images of 3 x S x S, as they are fed. */
    public static List<float[]> inputs(int batch, int size) {
        List<float[]> out = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            float[] x = new float[3 * size * size];
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < size; i++) {
                    for (int j = 0; j < size; j++) {
                        x[(c * size + i) * size + j] = (float) (Math.sin(0.31 * (b + 1) * i + 0.17 * (c + 1) * j + 1.3 * b + 0.7 * c)
                                + 0.5 * Math.cos(0.13 * (i + 1) * (j + 1) / (b + 1) + 0.3 * c));
                    }
                }
            }
            out.add(x);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void embedsAsItsLibraryFromItsOwnFileAndSafetensors(String folder, String file, String family, Integer heads,
            Map<String, String> metadata) throws IOException {
        Path dir = Fixtures.fixture("families/" + folder);
        JsonNode expected = Fixtures.fixtureJson("families/" + folder + "/expected.json");
        JsonNode shape = expected.get("input").get("shape");
        List<float[]> x = inputs(shape.get(0).asInt(), shape.get(2).asInt());
        float sum = 0;
        for (float v : x.get(0)) {
            sum += v;
        }
        assertThat(sum).as("input formula").isCloseTo(expected.get("input").get("sums").get(0).floatValue(), within(1e-2f));
        List<float[]> embeddings = VitFamilyFixtures.rows(expected.get("embedding").get("values"));
        ModelOptions opts = ModelOptions.auto().withHeads(heads);
        Path copy = Files.createDirectories(tmp.resolve(folder)).resolve("model.safetensors");
        SafetensorsWriter.write(copy, Checkpoints.read(dir.resolve(file)), metadata);
        if (Files.exists(dir.resolve("config.json"))) {
            Files.copy(dir.resolve("config.json"), copy.resolveSibling("config.json"));
        }
        List<Path> paths = metadata.isEmpty() ? List.of(dir.resolve(file), copy) : List.of(copy);
        for (Path p : paths) {
            try (EmbeddingModel m = EmbeddingModel.load(p, opts)) {
                assertThat(m.reading().family().id()).isEqualTo(family);
                VitFamilyFixtures.assertEmbeds(m, x, embeddings, 1e-4);
                explainsWithTheLibrarysScore(m, x, embeddings);
            }
        }
    }

    /** The score of a pair is the cosine of the library's embeddings; each map covers the patch grid. */
    private static void explainsWithTheLibrarysScore(EmbeddingModel m, List<float[]> x, List<float[]> e) {
        List<ImageFeatures> f = new FeatureExtractor(m, RolloutSpec.DEFAULT).extract(List.of("a", "b"), x.subList(0, 2));
        int k = m.config().gridSize();
        assertThat(f.get(0).prefixTokens()).isEqualTo(((VitConfig) m.config()).prefixTokens());
        for (Mode mode : List.of(Mode.AUTO, Mode.REFERENCE)) {
            PairExplanation p = new PairExplainer(ExplainOptions.DEFAULT.withMode(mode)).explain(f.get(0), f.get(1));
            assertThat(p.score()).as(mode.name()).isCloseTo(VitFamilyFixtures.cosine(e.get(0), e.get(1)), within(1e-4));
            assertThat(p.mapA().values()).hasSize(k * k);
            for (float v : p.mapA().values()) {
                assertThat(v).isFinite();
            }
        }
    }
}

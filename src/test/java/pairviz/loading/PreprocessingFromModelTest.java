package pairviz.loading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.BadParameterException;
import pairviz.image.Normalization;
import pairviz.image.PixelRange;
import pairviz.image.Preprocessing;
import pairviz.image.ResizePolicy;
import pairviz.loading.family.PreprocessingHints;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.SafetensorsWriter;
import pairviz.testutil.Fixtures;
import pairviz.util.JsonFiles;

/** Preprocessing travels with the model (issue 21 item 1): where each value comes from, and the note on the rest. */
class PreprocessingFromModelTest {
    static final Path HF_VIT = Fixtures.fixture("families/hf_vit");

    @TempDir Path tmp;

    /** A copy of the Hugging Face ViT fixture's folder, with a preprocessor_config.json beside if given. */
    private Path hfFolder(String preprocessorConfig) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("hf"));
        Files.copy(HF_VIT.resolve("pytorch_model.bin"), dir.resolve("pytorch_model.bin"));
        Files.copy(HF_VIT.resolve("config.json"), dir.resolve("config.json"));
        if (preprocessorConfig != null) {
            Files.writeString(dir.resolve("preprocessor_config.json"), preprocessorConfig);
        }
        return dir.resolve("pytorch_model.bin");
    }

    @Test
    void aHuggingFacePreprocessorConfigBesideTheWeightsIsRead() throws IOException {
        // DINOv2's processor: shortest edge 256, centre crop 224, bicubic (resample 3), ImageNet statistics
        Path w = hfFolder("{\"do_resize\": true, \"size\": {\"shortest_edge\": 256}, \"do_center_crop\": true, "
                + "\"crop_size\": {\"height\": 224, \"width\": 224}, \"resample\": 3, \"do_rescale\": true, "
                + "\"rescale_factor\": 0.00392156862745098, \"do_normalize\": true, "
                + "\"image_mean\": [0.485, 0.456, 0.406], \"image_std\": [0.229, 0.224, 0.225]}");
        try (EmbeddingModel m = EmbeddingModel.load(w, ModelOptions.auto())) {
            Preprocessing p = m.preprocessing();
            assertThat(p.resize()).isEqualTo(ResizePolicy.CENTER_CROP);
            assertThat(p.cropFraction()).isEqualTo(224 / 256.0);
            assertThat(p.interpolation()).isEqualTo("bicubic");
            assertThat(p.range()).isEqualTo(PixelRange.UNIT);
            assertThat(p.norm()).isEqualTo(Normalization.IMAGENET);
            assertThat(p.size()).isEqualTo(32);
            assertThat(p.origin()).containsEntry("norm", "preprocessor_config.json").containsEntry("resize", "preprocessor_config.json");
            assertThat(m.reading().notes()).noneMatch(n -> n.contains("assumed"));
            assertThat(m.reading().files()).extracting(f -> f.getFileName().toString())
                    .containsExactly("pytorch_model.bin", "config.json", "preprocessor_config.json");
        }
        // google/vit-base-patch16-224's: a 224 x 224 resize (squash), bilinear, mean and std 0.5
        JsonNode vit = JsonFiles.MAPPER.readTree("{\"do_resize\": true, \"size\": {\"height\": 224, \"width\": 224}, "
                + "\"resample\": 2, \"rescale_factor\": 0.00392156862745098, \"image_mean\": [0.5, 0.5, 0.5], \"image_std\": [0.5, 0.5, 0.5]}");
        Preprocessing p = PreprocessingHints.ofHuggingFace(vit, "x").resolve(224, "x");
        assertThat(p.resize()).isEqualTo(ResizePolicy.SQUASH);
        assertThat(p.interpolation()).isEqualTo("bilinear");
        assertThat(p.norm().mean(0)).isEqualTo(0.5f);
    }

    @Test
    void withoutAnythingThatSaysPairvizAssumesItsDefaultsAndSaysSoOnce() throws IOException {
        Path weights = hfFolder(null);
        try (EmbeddingModel m = EmbeddingModel.load(weights, ModelOptions.auto())) {
            assertThat(m.preprocessing().norm()).isEqualTo(Normalization.IMAGENET);
            assertThat(m.preprocessing().origin()).containsEntry("norm", "default");
            assertThat(m.reading().notes()).filteredOn(n -> n.contains("assumed")).singleElement().asString()
                    .contains("{norm} imagenet", "{resize} squash", "{pixel range} 0..1", "{bgr}");
        }
        // the flags override, and the override is recorded
        ModelOptions given = ModelOptions.builder().optNorm("sop").optResize(ResizePolicy.CENTER_CROP).optCropFraction(0.5)
                .optPixelRange(PixelRange.BYTE).optBgr(true).build();
        try (EmbeddingModel m = EmbeddingModel.load(weights, given)) {
            Preprocessing p = m.preprocessing();
            assertThat(p.norm()).isEqualTo(Normalization.SOP);
            assertThat(p.cropFraction()).isEqualTo(0.5);
            assertThat(p.range()).isEqualTo(PixelRange.BYTE);
            assertThat(p.bgr()).isTrue();
            assertThat(p.origin()).containsEntry("norm", "option norm").containsEntry("resize", "option resize")
                    .containsEntry("cropFraction", "option crop").containsEntry("range", "option pixel range").containsEntry("bgr", "option bgr");
            assertThat(m.reading().notes()).noneMatch(n -> n.contains("assumed"));
        }
        assertThatThrownBy(() -> EmbeddingModel.load(Fixtures.fixture("vit_tiny.safetensors"),
                ModelOptions.builder().optHeads(4).optCropFraction(0.5).build()))
                .isInstanceOf(BadParameterException.class).hasMessageContaining("crop applies to the center-crop resize");
    }

    /** A checkpoint pairviz trained with --norm sop (the key train wrote before, and the one it writes now). */
    @Test
    void aPairvizCheckpointCarriesItsNormalisationWhateverItsName() throws IOException {
        Map<String, String> old = new LinkedHashMap<>(Map.of("heads", "4", "norm", "sop"));
        Path sop = tmp.resolve("sop.pth"); // a safetensors file under a .pth name
        SafetensorsWriter.write(sop, Checkpoints.read(Fixtures.fixture("vit_tiny.safetensors")), old);
        try (EmbeddingModel m = EmbeddingModel.load(sop, ModelOptions.auto())) {
            assertThat(m.preprocessing().norm()).isEqualTo(Normalization.SOP);
            assertThat(m.preprocessing().resize()).as("the authors' squash").isEqualTo(ResizePolicy.SQUASH);
            assertThat(m.reading().notes()).noneMatch(n -> n.contains("assumed"));
        }
        Map<String, String> now = new LinkedHashMap<>(Map.of("heads", "4"));
        now.putAll(CheckpointMetadata.of(Preprocessing.authors(32, Normalization.SOP, Map.of())));
        Path written = tmp.resolve("now.safetensors");
        SafetensorsWriter.write(written, Checkpoints.read(Fixtures.fixture("vit_tiny.safetensors")), now);
        try (EmbeddingModel m = EmbeddingModel.load(written, ModelOptions.auto())) {
            assertThat(m.preprocessing().norm()).isEqualTo(Normalization.SOP);
            assertThat(m.preprocessing().origin()).containsEntry("norm", "checkpoint metadata");
        }
        Path bad = tmp.resolve("bad.safetensors");
        SafetensorsWriter.write(bad, Checkpoints.read(Fixtures.fixture("vit_tiny.safetensors")), Map.of("heads", "4", "resize", "stretch"));
        assertThatThrownBy(() -> EmbeddingModel.load(bad, ModelOptions.auto())).hasMessageStartingWith("checkpoint bad.safetensors: ")
                .hasMessageContaining("stretch");
    }

    @Test
    void timmsPretrainedConfigurationIsRead() throws IOException {
        JsonNode cfg = JsonFiles.MAPPER.readTree("{\"input_size\": [3, 224, 224], \"interpolation\": \"bicubic\", "
                + "\"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5], \"crop_pct\": 0.9, \"crop_mode\": \"center\"}");
        Preprocessing p = PreprocessingHints.ofTimm(cfg, "config.json pretrained_cfg").resolve(224, "the model");
        assertThat(p.resize()).isEqualTo(ResizePolicy.CENTER_CROP);
        assertThat(p.cropFraction()).isEqualTo(0.9);
        assertThat(p.interpolation()).isEqualTo("bicubic");
        assertThat(p.norm().std(1)).isEqualTo(0.5f);
        assertThat(p.origin()).containsEntry("cropFraction", "config.json pretrained_cfg");
    }

    @Test
    void familiesGiveTheirLibrarysPreprocessing() {
        try (EmbeddingModel m = EmbeddingModel.load(Fixtures.fixture("families/hf_clip_full/pytorch_model.bin"), ModelOptions.auto())) {
            Preprocessing p = m.preprocessing();
            assertThat(p.norm()).isEqualTo(PreprocessingHints.CLIP);
            assertThat(p.interpolation()).isEqualTo("bicubic");
            assertThat(p.resize()).isEqualTo(ResizePolicy.CENTER_CROP);
            assertThat(p.cropFraction()).isEqualTo(1.0);
        }
    }

    /** A TorchScript archive's preprocessing, in a JSON beside it (docs/models.md). */
    @Test
    void aTorchScriptArchiveCarriesItsPreprocessingBesideIt() throws IOException {
        Path net = tmp.resolve("net.pt");
        Files.copy(Fixtures.fixture("script_cnn.pt"), net);
        try (EmbeddingModel m = EmbeddingModel.load(net, ModelOptions.auto())) {
            assertThat(m.reading().notes()).filteredOn(n -> n.contains("assumed")).hasSize(1);
        }
        Files.writeString(tmp.resolve("net.preprocessing.json"), "{\"resize\": \"center-crop\", \"crop_fraction\": 0.875, "
                + "\"interpolation\": \"bicubic\", \"mean\": [0.5, 0.5, 0.5], \"std\": [0.25, 0.25, 0.25], "
                + "\"pixel_range\": \"0..255\", \"bgr\": true}");
        try (EmbeddingModel m = EmbeddingModel.load(net, ModelOptions.auto())) {
            Preprocessing p = m.preprocessing();
            assertThat(p.resize()).isEqualTo(ResizePolicy.CENTER_CROP);
            assertThat(p.norm().std(2)).isEqualTo(0.25f);
            assertThat(p.range()).isEqualTo(PixelRange.BYTE);
            assertThat(p.bgr()).isTrue();
            assertThat(p.origin()).containsEntry("norm", "net.preprocessing.json");
            assertThat(m.reading().files()).hasSize(2);
            assertThat(m.reading().notes()).noneMatch(n -> n.contains("assumed"));
        }
    }
}

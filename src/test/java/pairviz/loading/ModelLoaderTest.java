package pairviz.loading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.model.vit.VitConfig;
import pairviz.testutil.Fixtures;

/** The one loader: format and metadata by content, never by name; every file it read. */
class ModelLoaderTest {
    static final Path MODELS = Path.of("models").toAbsolutePath();

    @TempDir Path tmp;

    /**
     * issue 21, "The model changes with the file name": pairviz's own safetensors checkpoint
     * renamed vit.pth kept its tensors but lost its metadata (2 heads instead of 4, mean pooling
     * instead of the class token).
     */
    @Test
    void aRenamedCheckpointLoadsTheSameModel() throws IOException {
        for (String name : List.of("scenes-vit.safetensors", "scenes-vit-cls.safetensors")) {
            Path renamed = tmp.resolve("vit.pth");
            Files.copy(MODELS.resolve(name), renamed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (EmbeddingModel original = EmbeddingModel.load(MODELS.resolve(name), ModelOptions.auto());
                    EmbeddingModel copy = EmbeddingModel.load(renamed, ModelOptions.auto())) {
                VitConfig a = (VitConfig) original.config();
                VitConfig b = (VitConfig) copy.config();
                assertThat(b.heads()).as(name).isEqualTo(4);
                assertThat(b.pooling()).as(name).isEqualTo(a.pooling());
                assertThat(b).isEqualTo(a);
                float[] img = new float[3 * 64 * 64];
                for (int i = 0; i < img.length; i++) {
                    img[i] = (float) Math.sin(i * 0.01);
                }
                float[] ea = original.embeddings(List.of(img)).get(0);
                float[] eb = copy.embeddings(List.of(img)).get(0);
                for (int i = 0; i < ea.length; i++) {
                    assertThat(eb[i]).isCloseTo(ea[i], within(0f));
                }
            }
        }
        assertThat(((VitConfig) EmbeddingModel.read(MODELS.resolve("scenes-vit-cls.safetensors"), ModelOptions.auto())
                .config()).pooling()).isEqualTo(VitConfig.Pooling.CLS);
    }

    @Test
    void theReadingListsEveryFileTheLoaderRead() {
        Path weights = Fixtures.fixture("families/hf_vit/pytorch_model.bin");
        try (EmbeddingModel m = EmbeddingModel.load(weights, ModelOptions.auto())) {
            assertThat(m.reading().files()).containsExactly(weights, weights.toAbsolutePath().resolveSibling("config.json"));
            assertThat(((VitConfig) m.config()).heads()).as("config.json's num_attention_heads").isEqualTo(2);
        }
        Path alone = Fixtures.fixture("vit_tiny.safetensors");
        assertThat(EmbeddingModel.read(alone, ModelOptions.auto().withHeads(4)).files()).containsExactly(alone);
        Path script = Fixtures.fixture("script_cnn.pt");
        try (EmbeddingModel m = EmbeddingModel.load(script, ModelOptions.auto())) {
            assertThat(m.reading().files()).containsExactly(script);
            assertThat(m.reading().family().id()).isEqualTo("torchscript");
        }
    }

    @Test
    void formatsAreRecognisedByContent() throws IOException {
        Path script = tmp.resolve("weights.safetensors"); // a TorchScript archive under a state dict's name
        Files.copy(Fixtures.fixture("script_cnn.pt"), script);
        try (EmbeddingModel m = EmbeddingModel.load(script, ModelOptions.auto())) {
            assertThat(m.reading().family().id()).isEqualTo("torchscript");
        }
        assertThat(ModelFormats.all().get(ModelFormats.all().size() - 1)).isInstanceOf(StateDictFormat.class);
    }
}

package pairviz.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.Precision;

/**
 * What the driver ships to the executors: the whole {@link ModelOptions}, precision included (it
 * used to copy four fields and drop the precision, so executors ran fp32 under a bf16 driver), and
 * every file the loader read (it used to ship the weights alone, so a Hugging Face checkpoint lost
 * its config.json and executors built another head count: issue 24).
 */
class ModelSpecTest {
    static final Path RESNET = Path.of("../models/scenes-resnet.safetensors").toAbsolutePath().normalize();
    static final Path HF_VIT = Path.of("../src/test/resources/fixtures/families/hf_vit").toAbsolutePath().normalize();

    @TempDir Path tmp;

    /** The spec as an executor receives it: through Java serialisation, as Spark ships closures. */
    static ModelSpec shipped(ModelSpec spec) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ModelSpec) in.readObject();
        }
    }

    @Test
    void theExecutorBuildsTheDriversModelInTheDriversPrecision() throws Exception {
        ModelOptions options = ModelOptions.builder().optPrecision(Precision.BF16).optNorm("sop")
                .optResize(pairviz.image.ResizePolicy.CENTER_CROP).optCropFraction(0.875).build();
        ModelSpec spec;
        try (EmbeddingModel driver = EmbeddingModel.load(RESNET, options)) {
            spec = ModelSpec.of(driver, options, 4);
        }
        ModelSpec executor = shipped(spec);
        assertEquals(spec, executor);
        assertEquals(options, executor.options());
        EmbeddingModel m = executor.model(RESNET);
        assertEquals(Precision.BF16, m.precision());
        assertEquals(pairviz.image.Normalization.SOP, m.preprocessing().norm());
        assertEquals("option norm", m.preprocessing().origin().get("norm"));
        // the executor prepares photos as the driver does (EmbedJob, ExplainJob): resize and crop too
        assertEquals(pairviz.image.ResizePolicy.CENTER_CROP, m.preprocessing().resize());
        assertEquals(0.875, m.preprocessing().cropFraction());
    }

    /** The executor's folder of shipped files: every file the driver read, or only the weights (as before). */
    private Path executorFolder(String name, List<String> files) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (String f : files) {
            Files.copy(HF_VIT.resolve(f), dir.resolve(f));
        }
        return dir.resolve("pytorch_model.bin");
    }

    @Test
    void everyFileTheLoaderReadIsShippedAndTheExecutorBuildsTheSameNetwork() throws Exception {
        ModelSpec spec;
        try (EmbeddingModel driver = EmbeddingModel.load(HF_VIT.resolve("pytorch_model.bin"), ModelOptions.auto())) {
            spec = shipped(ModelSpec.of(driver, ModelOptions.auto(), 4));
        }
        assertEquals(List.of("pytorch_model.bin", "config.json"), spec.files());
        assertTrue(spec.architecture().contains("2 heads"), spec.architecture());
        EmbeddingModel m = spec.model(executorFolder("all", spec.files()));
        assertEquals(spec.architecture(), m.config().describe());
        // the weights alone (what was shipped before): another head count, refused in one line
        PairvizException e = assertThrows(PairvizException.class,
                () -> spec.model(executorFolder("weights-only", List.of("pytorch_model.bin"))));
        assertTrue(e.getMessage().startsWith("the executor built another network than the driver"), e.getMessage());
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }
}

package pairviz.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.Precision;

/**
 * What the driver ships to the executors: the whole {@link ModelOptions}, precision included (it
 * used to copy four fields and drop the precision, so executors ran fp32 under a bf16 driver).
 */
class ModelSpecTest {

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
        Path weights = Path.of("../models/scenes-resnet.safetensors").toAbsolutePath().normalize();
        ModelOptions options = ModelOptions.builder().optPrecision(Precision.BF16).optNorm("sop").build();
        ModelSpec spec = ModelSpec.of(weights, options, 4);
        ModelSpec executor = shipped(spec);
        assertEquals(spec, executor);
        assertEquals(options, executor.options());
        EmbeddingModel m = executor.model(weights);
        assertEquals(Precision.BF16, m.precision());
        assertEquals(pairviz.image.Normalization.SOP, executor.normalization());
    }
}

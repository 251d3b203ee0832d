package pairviz.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkFiles;
import pairviz.PairvizException;
import pairviz.image.Preprocessing;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;

/**
 * The network the executors run: every file the driver's loader read to build it (the weights,
 * and what lay beside them: a Hugging Face {@code config.json}, a preprocessing file), shipped to
 * them with {@code SparkContext.addFile} ({@link #ship}), and the {@link ModelOptions} it loads
 * with, shipped whole (the precision and every other option the driver loaded with). Each executor
 * JVM loads it once, on first use, and keeps it ({@link #model}); a network other than the
 * driver's (another architecture) fails the task in one line instead of embedding differently.
 *
 * @param files        the names of the files the driver's loader read, the model file first, as
 *                     {@link SparkFiles#get} finds them (all in one folder, as beside the weights)
 * @param options      everything said about the network, as the driver loaded it
 * @param batch        images per forward pass
 * @param architecture the driver's network in words ({@code ModelConfig.describe()})
 */
public record ModelSpec(List<String> files, ModelOptions options, int batch, String architecture) implements Serializable {
    private static final long serialVersionUID = 3L;

    /** The models this JVM loaded, by where their checkpoint lies and how they were loaded. */
    private static final Map<String, EmbeddingModel> LOADED = new ConcurrentHashMap<>();

    public ModelSpec {
        files = List.copyOf(files);
    }

    /** The spec of the driver's model {@code driver}, loaded with {@code options}: what its loader read, by name. */
    public static ModelSpec of(EmbeddingModel driver, ModelOptions options, int batch) {
        List<String> names = driver.reading().files().stream().map(p -> p.getFileName().toString()).toList();
        return new ModelSpec(names, options, batch, driver.config().describe());
    }

    /**
     * Ships every file the driver's loader read to the executors and gives the spec that finds
     * them there.
     */
    public static ModelSpec ship(SparkContext spark, EmbeddingModel driver, ModelOptions options, int batch) {
        driver.reading().files().forEach(f -> spark.addFile(f.toAbsolutePath().toString()));
        return of(driver, options, batch);
    }

    /** The model, loaded from this JVM's copy of the files the first time it is asked for. */
    public EmbeddingModel model() {
        return model(Path.of(SparkFiles.get(files.get(0))));
    }

    /**
     * The model from the model file at {@code local} (the other files beside it), with these
     * options; loaded once per JVM.
     *
     * @throws PairvizException if the network built here is not the driver's
     */
    EmbeddingModel model(Path local) {
        EmbeddingModel m = LOADED.computeIfAbsent(local + "|" + this, k -> EmbeddingModel.load(local, options));
        if (!m.config().describe().equals(architecture)) {
            throw new PairvizException("the executor built another network than the driver from " + files.get(0) + ": "
                    + m.config().describe() + ", not " + architecture + " (did every file of the model reach it? "
                    + String.join(", ", files) + ")");
        }
        return m;
    }

    /**
     * How photos become the network's input: the model's preprocessing (its own, the options'
     * overrides, else pairviz's default), as the command line prepares them.
     */
    public Preprocessing preprocessing() {
        return model().preprocessing();
    }
}

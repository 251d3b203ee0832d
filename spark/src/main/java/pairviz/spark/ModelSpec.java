package pairviz.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;
import pairviz.image.Normalization;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;

/**
 * The network the executors run: a checkpoint shipped to them with {@code SparkContext.addFile}
 * (named here by its file name) and the {@link ModelOptions} it loads with, shipped whole (the
 * precision and every other option the driver loaded with, never a copy of some of its fields).
 * Each executor JVM loads it once, on first use, and keeps it ({@link #model}); the driver has
 * checked the options by loading it before the job.
 *
 * @param weightsName the checkpoint's file name, as {@link SparkFiles#get} finds it
 * @param options     everything said about the network, as the driver loaded it
 * @param batch       images per forward pass
 */
public record ModelSpec(String weightsName, ModelOptions options, int batch) implements Serializable {
    private static final long serialVersionUID = 2L;

    /** The models this JVM loaded, by where their checkpoint lies and how they were loaded. */
    private static final Map<String, EmbeddingModel> LOADED = new ConcurrentHashMap<>();

    /** The spec of a checkpoint loaded with {@code options}. */
    public static ModelSpec of(Path weights, ModelOptions options, int batch) {
        return new ModelSpec(weights.getFileName().toString(), options, batch);
    }

    /** The model, loaded from this JVM's copy of the checkpoint the first time it is asked for. */
    public EmbeddingModel model() {
        return model(Path.of(SparkFiles.get(weightsName)));
    }

    /** The model from the checkpoint at {@code local}, with these options; loaded once per JVM. */
    EmbeddingModel model(Path local) {
        return LOADED.computeIfAbsent(local + "|" + this, k -> EmbeddingModel.load(local, options));
    }

    /** The input normalisation: the options', else ImageNet's. */
    public Normalization normalization() {
        Normalization n = options.norm();
        return n != null ? n : Normalization.IMAGENET;
    }
}

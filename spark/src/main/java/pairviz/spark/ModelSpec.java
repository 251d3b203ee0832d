package pairviz.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;
import pairviz.image.Normalization;
import pairviz.model.EmbeddingModel;
import pairviz.model.ModelOptions;
import pairviz.model.vit.VitConfig;

/**
 * The network the executors run: a checkpoint shipped to them with {@code SparkContext.addFile}
 * (named here by its file name) and the options it loads with. Each executor JVM loads it once,
 * on first use, and keeps it ({@link #model}); the driver has checked the options by loading it
 * before the job.
 *
 * @param weightsName the checkpoint's file name, as {@link SparkFiles#get} finds it
 * @param preset      {@code --model}: auto or a preset's name
 * @param norm        the input normalisation, as {@link Normalization#parse} reads it
 * @param batch       images per forward pass
 */
public record ModelSpec(String weightsName, String preset, Integer heads, VitConfig.Pooling pooling, Integer size,
                        String norm, int batch) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The models this JVM loaded, by where their checkpoint lies and how they were loaded. */
    private static final Map<String, EmbeddingModel> LOADED = new ConcurrentHashMap<>();

    /** The spec of a checkpoint loaded with {@code options}. */
    public static ModelSpec of(Path weights, ModelOptions options, String norm, int batch) {
        return new ModelSpec(weights.getFileName().toString(), options.model(), options.heads(), options.pooling(),
                options.imageSize(), norm, batch);
    }

    /** The model, loaded from this JVM's copy of the checkpoint the first time it is asked for. */
    public EmbeddingModel model() {
        String local = SparkFiles.get(weightsName);
        return LOADED.computeIfAbsent(local + "|" + this, k ->
                EmbeddingModel.load(Path.of(local), new ModelOptions(preset, heads, pooling, size, null)));
    }

    /** The input normalisation. */
    public Normalization normalization() {
        return Normalization.parse(norm);
    }
}

package pairviz.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.data.Dataset;
import pairviz.data.DatasetFormat;
import pairviz.data.Split;
import pairviz.image.Normalization;
import pairviz.model.ModelConfig;

/**
 * Everything that defines a training run: two runs with equal configurations (and the same
 * data on disk) produce the same weights. Written into every checkpoint manifest; a resumed run
 * must have the same one.
 *
 * @param data the dataset folders (one, or several trained on together with their classes kept
 *     apart, see {@link pairviz.data.Dataset#combine})
 * @param format the layout of every one of them ({@link pairviz.data.DatasetFormat} key, never {@code auto})
 * @param split the split rule for datasets that do not come split ({@link pairviz.data.Split} syntax)
 * @param model the architecture
 * @param loss the metric-learning loss
 * @param iterations optimizer steps of the whole run (the one-cycle schedule spans them); 0
 *     evaluates {@code init} without training
 * @param batchClasses P, classes per batch
 * @param batchPerClass K, images per class in a batch
 * @param lr peak learning rate of the one-cycle schedule
 * @param weightDecay weight decay (not applied to biases, norms, position embeddings, class token)
 * @param seed seed of the initial weights, the sampler and the augmentation
 * @param cropMin smallest random-resized-crop area fraction
 * @param cropMax largest random-resized-crop area fraction
 * @param flip random horizontal flips
 * @param norm input normalisation ({@link Normalization#parse} syntax)
 * @param init weights to start from (any checkpoint pairviz reads); null for random weights
 * @param optimizer SGD (the paper's) or AdamW, both under the one-cycle schedule
 */
public record TrainConfig(
        List<Path> data,
        String format,
        String split,
        ModelConfig model,
        LossKind loss,
        int iterations,
        int batchClasses,
        int batchPerClass,
        double lr,
        double weightDecay,
        long seed,
        double cropMin,
        double cropMax,
        boolean flip,
        String norm,
        Path init,
        OptimizerKind optimizer) {

    public TrainConfig {
        java.util.Objects.requireNonNull(optimizer, "optimizer");
        data = List.copyOf(data);
        if (data.isEmpty()) {
            throw BadParameterException.of("data", "names no dataset");
        }
        if (iterations < 0) {
            throw BadParameterException.of("iterations", "must not be negative, not " + iterations);
        }
        if (iterations == 0 && init == null) {
            throw new BadParameterException("{iterations} 0 only evaluates, and needs {init} weights to evaluate");
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw BadParameterException.of("lr", "must be a positive number, not " + lr);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw BadParameterException.of("weight decay", "must not be negative, not " + weightDecay);
        }
        if (batchPerClass < 1) {
            throw BadParameterException.of("batch per class", "must be at least 1, not " + batchPerClass);
        }
        if (batchClasses < 1) {
            throw BadParameterException.of("batch classes", "must be at least 1, not " + batchClasses);
        }
        augmentation(model, cropMin, cropMax, flip, Normalization.parse(norm)); // validates
    }

    /** How training and test images are turned into network inputs. */
    public Augmentation augmentation() {
        return augmentation(model, cropMin, cropMax, flip, Normalization.parse(norm));
    }

    private static Augmentation augmentation(ModelConfig m, double min, double max, boolean flip, Normalization n) {
        return new Augmentation(m.imageSize(), min, max, flip, n);
    }

    /** Reads the data: each folder in {@link #format} with {@link #split}, then {@link Dataset#combine combined}. */
    public Dataset readDataset() {
        DatasetFormat f = DatasetFormat.of(format);
        Split s = Split.parse(split);
        List<Dataset> parts = data.stream().map(d -> f.read(d, s)).toList();
        for (int i = 0; i < parts.size(); i++) {
            Dataset.requireLabels(parts.get(i).test().isEmpty() ? parts.get(i).train() : parts.get(i).test(),
                    "train", data.get(i));
        }
        return Dataset.combine(parts);
    }

    /** The data folders for messages: the folder, or the folders joined by ", ". */
    public String dataDescription() {
        return String.join(", ", data.stream().map(Path::toString).toList());
    }

    /** Images per batch, P x K. */
    public int batchSize() {
        return batchClasses * batchPerClass;
    }

    /** The configuration as JSON values; keys are the command-line option names. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        // one folder as a string (as manifests have always had it), several as a list
        m.put("data", data.size() == 1 ? data.get(0).toString() : data.stream().map(Path::toString).toList());
        m.put("format", format);
        m.put("split", split);
        m.put("model", ModelSpecs.toJson(model));
        m.put("loss", loss.key);
        m.put("iterations", iterations);
        m.put("batch-classes", batchClasses);
        m.put("batch-per-class", batchPerClass);
        m.put("lr", lr);
        m.put("weight-decay", weightDecay);
        m.put("seed", seed);
        m.put("crop-scale", cropMin + "-" + cropMax);
        m.put("flip", flip);
        m.put("norm", norm);
        m.put("init", init == null ? null : init.toString());
        m.put("optimizer", optimizer.key);
        return m;
    }

    /**
     * Checks that this configuration, asked for when resuming the run that started as
     * {@code saved}, continues that run: each setting named in {@code given} must be the run's.
     *
     * @param given the settings set explicitly, by their {@link #toJson} keys ({@code "lr"},
     *     {@code "batch-classes"}, {@code "flip"}, {@code "model"}, ...)
     * @throws BadParameterException naming each setting that differs
     */
    public void requireContinues(TrainConfig saved, Collection<String> given) {
        Map<String, Object> mine = toJson();
        Map<String, Object> had = saved.toJson();
        List<String> differ = new ArrayList<>();
        for (String key : mine.keySet()) {
            if (!given.contains(key) || Objects.equals(comparable(mine.get(key)), comparable(had.get(key)))) {
                continue;
            }
            differ.add(switch (key) {
                case "flip" -> flip ? "{flip} (the run does not flip)" : "{no flip} (the run flips)";
                case "model" -> "the architecture " + mine.get(key) + " (the run has " + had.get(key) + ")";
                default -> "{" + key.replace('-', ' ') + "} " + mine.get(key) + " (the run has " + had.get(key) + ")";
            });
        }
        if (!differ.isEmpty()) {
            throw new BadParameterException("{resume} continues the run as it was started, but " + String.join("; ", differ));
        }
    }

    /** Numbers by value (1 and 1.0 agree), everything else as written. */
    private static Object comparable(Object v) {
        return v instanceof Number n ? (Object) n.doubleValue() : v;
    }

    /** The dataset folders as one of {@link #toJson}'s values: a string or a list of strings. */
    private static List<Path> dataFolders(Object json) {
        if (json instanceof List<?> list) {
            return list.stream().map(o -> Path.of((String) o)).toList();
        }
        return List.of(Path.of((String) json));
    }

    /**
     * The configuration {@link #toJson} wrote.
     *
     * @param source the manifest's name for error messages
     * @throws PairvizException if something is missing or malformed
     */
    @SuppressWarnings("unchecked")
    public static TrainConfig fromJson(Map<String, Object> m, String source) {
        try {
            String[] crop = String.valueOf(m.get("crop-scale")).split("-");
            Object init = m.get("init");
            return new TrainConfig(
                    dataFolders(m.get("data")),
                    (String) m.get("format"),
                    (String) m.get("split"),
                    ModelSpecs.fromJson((Map<String, Object>) m.get("model"), source),
                    LossKind.of((String) m.get("loss")),
                    ((Number) m.get("iterations")).intValue(),
                    ((Number) m.get("batch-classes")).intValue(),
                    ((Number) m.get("batch-per-class")).intValue(),
                    ((Number) m.get("lr")).doubleValue(),
                    ((Number) m.get("weight-decay")).doubleValue(),
                    ((Number) m.get("seed")).longValue(),
                    Double.parseDouble(crop[0]),
                    Double.parseDouble(crop[1]),
                    (Boolean) m.get("flip"),
                    (String) m.get("norm"),
                    init == null ? null : Path.of((String) init),
                    OptimizerKind.of(String.valueOf(m.getOrDefault("optimizer", OptimizerKind.SGD.key))));
        } catch (PairvizException e) {
            throw new PairvizException(source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new PairvizException(source + ": malformed training configuration (" + e + ")", e);
        }
    }
}

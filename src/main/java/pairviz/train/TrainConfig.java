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

    /** A builder: data, format and model are required; the rest default to {@code pairviz train}'s defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link TrainConfig} (setX required, optX optional; validated by {@link #build}). */
    public static final class Builder {
        private List<Path> data;
        private String format;
        private String split = "classes:0.5";
        private ModelConfig model;
        private LossKind loss = LossKind.ARCFACE;
        private int iterations = 1000;
        private int batchClasses = 8;
        private int batchPerClass = 4;
        private double lr = 0.01;
        private double weightDecay = 1e-4;
        private long seed;
        private double cropMin = 0.5;
        private double cropMax = 1;
        private boolean flip = true;
        private String norm = "imagenet";
        private Path init;
        private OptimizerKind optimizer = OptimizerKind.SGD;

        private Builder() {}

        /** The dataset folders (one, or several trained on together). */
        public Builder setData(List<Path> data) {
            this.data = data;
            return this;
        }

        /** Their layout ({@link DatasetFormat} key, never {@code auto}). */
        public Builder setFormat(String format) {
            this.format = format;
            return this;
        }

        /** The architecture. */
        public Builder setModel(ModelConfig model) {
            this.model = model;
            return this;
        }

        /** The split rule for datasets that do not come split. Default: classes:0.5. */
        public Builder optSplit(String split) {
            this.split = split;
            return this;
        }

        /** The metric-learning loss. Default: ArcFace. */
        public Builder optLoss(LossKind loss) {
            this.loss = loss;
            return this;
        }

        /** Optimizer steps of the whole run; 0 only evaluates {@link #optInit}. Default: 1000. */
        public Builder optIterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        /** P classes per batch, K images of each. Default: 8 and 4. */
        public Builder optBatch(int classes, int perClass) {
            this.batchClasses = classes;
            this.batchPerClass = perClass;
            return this;
        }

        /** Peak learning rate. Default: 0.01. */
        public Builder optLr(double lr) {
            this.lr = lr;
            return this;
        }

        /** Weight decay. Default: 1e-4. */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Seed of weights, batches and augmentation. Default: 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Area fractions of the random resized crop. Default: 0.5 to 1. */
        public Builder optCropScale(double min, double max) {
            this.cropMin = min;
            this.cropMax = max;
            return this;
        }

        /** Random horizontal flips. Default: on. */
        public Builder optFlip(boolean flip) {
            this.flip = flip;
            return this;
        }

        /** Input normalisation ({@link Normalization#parse} syntax). Default: imagenet. */
        public Builder optNorm(String norm) {
            this.norm = norm;
            return this;
        }

        /** Weights to start from; null (the default) for seeded random ones. */
        public Builder optInit(Path init) {
            this.init = init;
            return this;
        }

        /** The optimizer. Default: SGD. */
        public Builder optOptimizer(OptimizerKind optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws BadParameterException naming a setting that is missing, out of range or does not fit the others
         */
        public TrainConfig build() {
            if (data == null || format == null || model == null) {
                throw new BadParameterException("a training configuration needs {data}, {format} and {model}");
            }
            return new TrainConfig(data, format, split, model, loss, iterations, batchClasses, batchPerClass, lr,
                    weightDecay, seed, cropMin, cropMax, flip, norm, init, optimizer);
        }
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

    /**
     * The configuration as JSON values, keys in snake case as in the rest of pairviz's JSON
     * ({@link Setting#key}); {@link #fromJson} also reads the hyphenated keys of files written
     * before pairviz 0.9 ({@code batch-classes}, {@code weight-decay}, ...).
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        // one folder as a string (as manifests have always had it), several as a list
        m.put("data", data.size() == 1 ? data.get(0).toString() : data.stream().map(Path::toString).toList());
        m.put("format", format);
        m.put("split", split);
        m.put("model", ModelSpecs.toJson(model));
        m.put("loss", loss.key);
        m.put("iterations", iterations);
        m.put(Setting.BATCH_CLASSES.key, batchClasses);
        m.put(Setting.BATCH_PER_CLASS.key, batchPerClass);
        m.put("lr", lr);
        m.put(Setting.WEIGHT_DECAY.key, weightDecay);
        m.put("seed", seed);
        m.put(Setting.CROP_SCALE.key, cropMin + "-" + cropMax);
        m.put("flip", flip);
        m.put("norm", norm);
        m.put("init", init == null ? null : init.toString());
        m.put("optimizer", optimizer.key);
        return m;
    }

    /**
     * A setting of a run that a resumed run must keep, by its {@link #toJson} key; {@link #words}
     * names it in messages ({@link BadParameterException} style).
     */
    public enum Setting {
        DATA("data"), FORMAT("format"), SPLIT("split"), MODEL("model"), LOSS("loss"), ITERATIONS("iterations"),
        BATCH_CLASSES("batch_classes"), BATCH_PER_CLASS("batch_per_class"), LR("lr"), WEIGHT_DECAY("weight_decay"),
        SEED("seed"), CROP_SCALE("crop_scale"), FLIP("flip"), NORM("norm"), INIT("init"), OPTIMIZER("optimizer");

        /** The key in {@link #toJson}. */
        public final String key;

        Setting(String key) {
            this.key = key;
        }

        /** The key before pairviz 0.9 (hyphenated), which {@link #fromJson} still reads. */
        String oldKey() {
            return key.replace('_', '-');
        }

        /** The setting's name in words ("batch classes"). */
        public String words() {
            return key.replace('_', ' ');
        }
    }

    /**
     * Checks that this configuration, asked for when resuming the run that started as
     * {@code saved}, continues that run: each setting in {@code given} (those set explicitly)
     * must be the run's.
     *
     * @throws BadParameterException naming each setting that differs
     */
    public void requireContinues(TrainConfig saved, Collection<Setting> given) {
        Map<String, Object> mine = toJson();
        Map<String, Object> had = saved.toJson();
        List<String> differ = new ArrayList<>();
        for (Setting s : Setting.values()) {
            Object a = mine.get(s.key);
            Object b = had.get(s.key);
            if (!given.contains(s) || Objects.equals(comparable(a), comparable(b))) {
                continue;
            }
            differ.add(switch (s) {
                case FLIP -> flip ? "{flip} (the run does not flip)" : "{no flip} (the run flips)";
                case MODEL -> "the architecture " + a + " (the run has " + b + ")";
                default -> "{" + s.words() + "} " + a + " (the run has " + b + ")";
            });
        }
        if (!differ.isEmpty()) {
            throw new BadParameterException("{resume} continues the run as it was started, but " + String.join("; ", differ));
        }
    }

    /**
     * The configuration a resumed run trains with: {@code saved}, after checking that the
     * settings asked for explicitly continue it.
     *
     * @param asked the configuration asked for; read only when {@code given} is not empty
     * @param given the settings set explicitly
     * @throws BadParameterException naming each given setting that differs from the run's
     */
    public static TrainConfig resume(TrainConfig saved, java.util.function.Supplier<TrainConfig> asked,
            Collection<Setting> given) {
        if (!given.isEmpty()) {
            asked.get().requireContinues(saved, given);
        }
        return saved;
    }

    /** Numbers by value (1 and 1.0 agree), everything else as written. */
    private static Object comparable(Object v) {
        return v instanceof Number n ? (Object) n.doubleValue() : v;
    }

    /** The value of {@code s} under its key, or under its old key in files of pairviz before 0.9. */
    private static Object value(Map<String, Object> m, Setting s) {
        return m.containsKey(s.key) ? m.get(s.key) : m.get(s.oldKey());
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
            String[] crop = String.valueOf(value(m, Setting.CROP_SCALE)).split("-");
            Object init = m.get("init");
            return builder()
                    .setData(dataFolders(m.get("data")))
                    .setFormat((String) m.get("format"))
                    .setModel(ModelSpecs.fromJson((Map<String, Object>) m.get("model"), source))
                    .optSplit((String) m.get("split"))
                    .optLoss(LossKind.of((String) m.get("loss")))
                    .optIterations(((Number) m.get("iterations")).intValue())
                    .optBatch(((Number) value(m, Setting.BATCH_CLASSES)).intValue(),
                            ((Number) value(m, Setting.BATCH_PER_CLASS)).intValue())
                    .optLr(((Number) m.get("lr")).doubleValue())
                    .optWeightDecay(((Number) value(m, Setting.WEIGHT_DECAY)).doubleValue())
                    .optSeed(((Number) m.get("seed")).longValue())
                    .optCropScale(Double.parseDouble(crop[0]), Double.parseDouble(crop[1]))
                    .optFlip((Boolean) m.get("flip"))
                    .optNorm((String) m.get("norm"))
                    .optInit(init == null ? null : Path.of((String) init))
                    .optOptimizer(OptimizerKind.of(String.valueOf(m.getOrDefault("optimizer", OptimizerKind.SGD.key))))
                    .build();
        } catch (PairvizException e) {
            throw new PairvizException(source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new PairvizException(source + ": malformed training configuration (" + e + ")", e);
        }
    }
}

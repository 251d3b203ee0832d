package pairviz.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pairviz.PairvizException;

/**
 * The manifest of one checkpoint of a training run ({@code RUN/checkpoints/iter-N.json}): written
 * by {@link RunDirectory}, read back by {@link Trainer} to resume and by the figures that list a
 * run's checkpoints. The JSON keys are the snake-case names below, in this order.
 *
 * @param iteration optimizer steps done
 * @param iterations steps of the whole run
 * @param model the architecture, described
 * @param loss the last batch's loss (null when not finite, or before any step)
 * @param lossMean the mean loss since the previous checkpoint
 * @param lr the learning rate of the last step
 * @param metrics the retrieval metrics of the test split (null unless evaluated)
 * @param config the run's configuration
 * @param data the dataset's name and counts
 * @param command the command line that ran
 * @param checkpointEvery steps between checkpoints (0: at the end only; null in manifests from before it was recorded)
 * @param elapsedSeconds training time so far, over every session of the run
 * @param imagesPerSecond throughput of this session
 * @param stepSeconds mean time of one step
 * @param unreadableImages images left out of training
 * @param created when it was written (ISO-8601)
 * @param weights the weights file, relative to the run folder (set by {@link RunDirectory#save})
 * @param trainState the optimizer state, relative to the run folder; null if none was saved
 */
public record Manifest(int iteration, int iterations, String model, Double loss, Double lossMean, Double lr,
        Map<String, Double> metrics, TrainConfig config, Map<String, Object> data, String command,
        Integer checkpointEvery, double elapsedSeconds, double imagesPerSecond, double stepSeconds, List<String> unreadableImages,
        String created, String weights, String trainState) {

    /** Version of the manifest format, the {@code pairviz_manifest} key. */
    public static final int VERSION = 1;

    /** This manifest naming its files. */
    public Manifest withFiles(String weights, String trainState) {
        return new Manifest(iteration, iterations, model, loss, lossMean, lr, metrics, config, data, command,
                checkpointEvery, elapsedSeconds, imagesPerSecond, stepSeconds, unreadableImages, created, weights, trainState);
    }

    /** The JSON values, in file order. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pairviz_manifest", VERSION);
        m.put("iteration", iteration);
        m.put("iterations", iterations);
        m.put("model", model);
        m.put("loss", loss);
        m.put("loss_mean", lossMean);
        m.put("lr", lr);
        m.put("metrics", metrics);
        m.put("config", config.toJson());
        m.put("data", data);
        m.put("command", command);
        m.put("checkpoint_every", checkpointEvery); // so that resuming keeps checkpointing as often
        m.put("elapsed_s", elapsedSeconds);
        m.put("images_per_s", imagesPerSecond);
        m.put("step_s", stepSeconds);
        m.put("unreadable_images", unreadableImages);
        m.put("created", created);
        m.put("weights", weights);
        m.put("train_state", trainState);
        return m;
    }

    /**
     * The manifest {@link #toJson} wrote.
     *
     * @param source the file, for messages
     * @throws PairvizException if a value is missing or of the wrong type
     */
    @SuppressWarnings("unchecked")
    public static Manifest fromJson(Map<String, Object> m, String source) {
        try {
            Map<String, Double> metrics = null;
            if (m.get("metrics") instanceof Map<?, ?> raw) {
                metrics = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : raw.entrySet()) {
                    metrics.put((String) e.getKey(), ((Number) e.getValue()).doubleValue());
                }
            }
            List<String> unreadable = new ArrayList<>();
            if (m.get("unreadable_images") instanceof List<?> l) {
                l.forEach(x -> unreadable.add(String.valueOf(x)));
            }
            return new Manifest(integer(m, "iteration"), integer(m, "iterations"), (String) m.get("model"),
                    optional(m, "loss"), optional(m, "loss_mean"), optional(m, "lr"), metrics,
                    TrainConfig.fromJson((Map<String, Object>) m.get("config"), source),
                    (Map<String, Object>) m.get("data"), (String) m.get("command"),
                    m.get("checkpoint_every") instanceof Number n ? n.intValue() : null, number(m, "elapsed_s"),
                    number(m, "images_per_s"), number(m, "step_s"), List.copyOf(unreadable), (String) m.get("created"),
                    (String) m.get("weights"), (String) m.get("train_state"));
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new PairvizException(source + " is not a pairviz training manifest (" + e.getMessage() + ")", e);
        }
    }

    /** The manifest in {@code file}. */
    public static Manifest read(Path file) {
        return fromJson(RunDirectory.readJson(file), file.toString());
    }

    /** The manifest in {@code file}, or empty if there is none or it is not one pairviz wrote. */
    public static Optional<Manifest> tryRead(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(file));
        } catch (PairvizException e) {
            return Optional.empty();
        }
    }

    private static int integer(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("'" + key + "' is not a number");
        }
        return n.intValue();
    }

    private static double number(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : 0;
    }

    private static Double optional(Map<String, Object> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : null;
    }
}

package pairviz.model.onnx;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import pairviz.PairvizException;
import pairviz.model.EmbeddingModel;
import pairviz.model.Engines;
import pairviz.model.ModelOptions;
import pairviz.model.family.CheckpointFamilies;
import pairviz.model.family.CheckpointFamily;
import pairviz.model.family.CheckpointReading;
import pairviz.model.family.CheckpointSource;
import pairviz.model.graph.GraphLayout;
import pairviz.model.graph.GraphNetwork;
import pairviz.model.weights.StateDict;

/**
 * ONNX models as a checkpoint family: read by {@link OnnxReader}, run by the graph interpreter
 * ({@link GraphNetwork}) with {@link OnnxOps}, channels-first. Recognised by the file's content
 * ({@link OnnxReader#isOnnx}), not by tensor names (docs/models.md, "ONNX").
 */
public final class OnnxModels implements CheckpointFamily {
    /** The one instance. */
    public static final OnnxModels INSTANCE = new OnnxModels();

    private OnnxModels() {}

    /**
     * Reads an ONNX model and builds its network in a manager of its own.
     *
     * @param options {@code imageSize} (for a graph that leaves its input free) and {@code features}
     *     (the node to decompose, when the graph does not show one) are read; a preset is refused
     * @throws PairvizException if the file is not a whole ONNX model, uses an operation pairviz
     *     does not run, or has no embedding pairviz can find (one line)
     */
    public static EmbeddingModel load(Path file, ModelOptions options) {
        String name = file.getFileName().toString();
        NDManager manager = Engines.pytorch().newBaseManager();
        try {
            GraphNetwork network = network(file, options.imageSize(), options.features(), manager);
            CheckpointReading reading = CheckpointFamilies.withPreset(CheckpointReading.ofGraph(INSTANCE, network, List.of(
                    "an ONNX model records no input normalisation: pairviz feeds it normalised as it is told (ImageNet's statistics unless told otherwise)")),
                    new CheckpointSource(name, file, options, Map.of()));
            return EmbeddingModel.of(manager, network, name, reading);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Reads an ONNX model and builds its network, with its constants in {@code manager}.
     *
     * @param imageSize the input side the user gave, or null (the model's, else the default)
     * @param features the node whose positions are the features, as the user names it, or null to find it
     */
    public static GraphNetwork network(Path file, Integer imageSize, String features, NDManager manager) {
        return GraphNetwork.builder().setGraph(OnnxReader.read(file)).setOps(OnnxOps.TABLE)
                .setLayout(GraphLayout.CHANNELS_FIRST).setSource(file.getFileName().toString())
                .optImageSize(imageSize).optFeatures(features).build(manager);
    }

    @Override
    public String id() {
        return "onnx";
    }

    @Override
    public String title() {
        return "ONNX model (.onnx, external data beside it; docs/models.md)";
    }

    /** None: an ONNX model is recognised by its content, not by names. */
    @Override
    public List<String> signature() {
        return List.of();
    }

    @Override
    public boolean matches(StateDict weights) {
        return false;
    }

    /** @throws PairvizException always: an ONNX model is read from its file */
    @Override
    public CheckpointReading read(StateDict weights, CheckpointSource source) {
        throw new PairvizException("checkpoint " + source.name() + ": an ONNX model is read from its .onnx file, "
                + "not from a state dict");
    }
}

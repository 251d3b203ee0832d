package pairviz.loading;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import pairviz.PairvizException;
import pairviz.loading.family.CheckpointSource;
import pairviz.loading.family.PreprocessingHints;
import pairviz.loading.family.TorchScript;
import pairviz.model.Engines;
import pairviz.model.torchscript.TorchScriptNetwork;
import pairviz.model.weights.ModelFile;

/**
 * A TorchScript archive ({@code torch.jit.save}: a zip whose folder holds {@code constants.pkl}
 * and {@code code/}), run as the network itself ({@link TorchScriptNetwork}: docs/models.md).
 */
final class TorchScriptFormat implements ModelFormat {

    @Override
    public String id() {
        return "torchscript";
    }

    @Override
    public boolean recognises(ModelFile file) {
        return file.probe().isTorchScript();
    }

    /** Loads the archive into a manager of its own and runs it once to read its architecture. */
    @Override
    public EmbeddingModel load(ModelFile file, ModelOptions options) {
        NDManager manager = Engines.pytorch().newBaseManager();
        try {
            TorchScriptNetwork network = TorchScriptNetwork.load(file.path(), manager, options.imageSize(), options.pooling());
            CheckpointSource source = new CheckpointSource(file.name(), file, options, Map.of());
            PreprocessingHints hints = preprocessing(network, file);
            return EmbeddingModel.of(manager, network, TorchScript.reading(network, source).withPreprocessing(hints)
                    .withFiles(file.filesRead()));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The preprocessing the archive records in its extra file {@code pairviz.json}, else a file
     * {@code NAME.preprocessing.json} beside it (NAME: the archive's name without its extension);
     * the format is in docs/models.md.
     */
    static PreprocessingHints preprocessing(TorchScriptNetwork network, ModelFile file) {
        PreprocessingHints inside = PreprocessingHints.NONE;
        if (network.extraJson() != null) {
            inside = PreprocessingHints.ofJson(json(network.extraJson(), file.name() + "'s " + TorchScriptNetwork.EXTRA_FILE),
                    TorchScriptNetwork.EXTRA_FILE + " in the archive");
        }
        String base = file.name().contains(".") ? file.name().substring(0, file.name().lastIndexOf('.')) : file.name();
        String besideName = base + ".preprocessing.json";
        PreprocessingHints beside = file.beside(besideName).map(p -> {
            try {
                return PreprocessingHints.ofJson(json(java.nio.file.Files.readString(p), besideName), besideName);
            } catch (java.io.IOException e) {
                throw new PairvizException("checkpoint " + file.name() + ": " + besideName + " cannot be read (" + e.getMessage() + ")");
            }
        }).orElse(PreprocessingHints.NONE);
        return inside.or(beside);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text, String what) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = pairviz.util.JsonFiles.MAPPER.readTree(text);
            if (n == null || !n.isObject()) {
                throw new PairvizException(what + " is not a JSON object");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PairvizException(what + " is " + pairviz.util.JsonErrors.describe(e), e);
        }
    }
}

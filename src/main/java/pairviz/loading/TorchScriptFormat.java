package pairviz.loading;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import pairviz.loading.family.CheckpointSource;
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
            return EmbeddingModel.of(manager, network, TorchScript.reading(network, source).withFiles(file.filesRead()));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}

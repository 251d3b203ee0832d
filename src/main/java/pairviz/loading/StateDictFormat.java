package pairviz.loading;

import pairviz.PairvizException;
import pairviz.loading.family.CheckpointFamilies;
import pairviz.loading.family.CheckpointReading;
import pairviz.loading.family.CheckpointSource;
import pairviz.loading.family.PreprocessingHints;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.ModelFile;

/**
 * A state dict: PyTorch {@code torch.save} (zip or legacy), {@code .safetensors} or NumPy
 * {@code .npz}, read by content ({@link Checkpoints#readContents}, one pass over the file, its
 * metadata whatever its name), then by the checkpoint family its tensor names belong to
 * ({@link CheckpointFamilies}). The last format tried: it takes every file no other format claims.
 */
final class StateDictFormat implements ModelFormat {

    @Override
    public String id() {
        return "state-dict";
    }

    /** Every file: the readers say in one line what a file that is no checkpoint is. */
    @Override
    public boolean recognises(ModelFile file) {
        return true;
    }

    /**
     * The family's reading: architecture (settings left null in the options taken from the file's
     * metadata: {@link CheckpointMetadata}), weights in the network's names, what it ignored.
     */
    @Override
    public CheckpointReading read(ModelFile file, ModelOptions options) {
        Checkpoints.Contents contents = Checkpoints.readContents(file.path());
        ModelOptions filled = CheckpointMetadata.fill(options, contents.metadata(), file.name());
        CheckpointSource source = new CheckpointSource(file.name(), file, filled, contents.metadata());
        CheckpointReading reading = CheckpointFamilies.read(contents.weights(), source);
        PreprocessingHints own;
        try {
            own = PreprocessingHints.ofKeys(contents.metadata(), "checkpoint metadata");
        } catch (PairvizException e) {
            throw new PairvizException("checkpoint " + file.name() + ": " + e.getMessage());
        }
        return reading.withPreprocessing(own.or(reading.family().preprocessing(source))).withFiles(file.filesRead());
    }

    @Override
    public EmbeddingModel load(ModelFile file, ModelOptions options) {
        CheckpointReading reading = read(file, options);
        return EmbeddingModel.fromWeights(reading.config(), reading.weights(), file.name()).withReading(reading);
    }
}

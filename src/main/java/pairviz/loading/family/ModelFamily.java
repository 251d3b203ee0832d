package pairviz.loading.family;

/**
 * A kind of model file pairviz reads, as {@code inspect} names it: a checkpoint family (read from
 * a state dict's names, {@link CheckpointFamily}) or a network that comes whole with its format
 * (a TorchScript archive, {@link TorchScript}; a graph model).
 */
public interface ModelFamily {

    /** A short stable id, e.g. {@code timm-vit}; shown by {@code inspect} and in messages. */
    String id();

    /** What the family is, for people, e.g. "timm VisionTransformer (vit_*)". */
    String title();

    /**
     * What the family's library publishes about the preprocessing of its networks: a file it
     * keeps beside the weights (read through {@link CheckpointSource#beside}), else the library's
     * own defaults; nothing by default.
     */
    default PreprocessingHints preprocessing(CheckpointSource source) {
        return PreprocessingHints.NONE;
    }
}

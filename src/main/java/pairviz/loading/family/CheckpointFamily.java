package pairviz.loading.family;

import java.util.List;
import pairviz.model.weights.StateDict;

/**
 * One family of checkpoints pairviz reads (the authors', timm's ViT, torchvision's ResNet, ...):
 * the names that identify it, and a pure reading of its tensors into a network's architecture and
 * weights. One implementation per family; {@link CheckpointFamilies} holds the registry.
 */
public interface CheckpointFamily extends ModelFamily {

    /**
     * Tensor names that identify the family: a checkpoint holding every one of them belongs to it
     * (unless an earlier family in the registry claims it). Also used to say which family an
     * unknown checkpoint resembles, and what it lacks.
     */
    List<String> signature();

    /** Whether {@code weights} belongs to this family; by default, whether it holds the whole {@link #signature()}. */
    default boolean matches(StateDict weights) {
        return signature().stream().allMatch(weights::contains);
    }

    /**
     * Reads a checkpoint of this family: its architecture (inferred from names and shapes, with
     * what only {@code source} can say) and its weights renamed for that architecture's network.
     *
     * @throws pairviz.PairvizException if the tensors do not make a network of this family
     */
    CheckpointReading read(StateDict weights, CheckpointSource source);
}

package pairviz.model;

import pairviz.PairvizException;

/**
 * An architecture pairviz builds itself from its description (a ViT, a ResNet): a network of
 * pairviz's layers whose weights are then set by name. A network that comes whole with its
 * weights (a TorchScript archive) has a {@link ModelConfig} but is no {@code Architecture}.
 */
public interface Architecture extends ModelConfig {

    /** Builds an untrained network of this architecture (parameters not yet set). */
    EmbeddingNetwork newNetwork();

    /**
     * A new network of {@code config}'s architecture.
     *
     * @throws PairvizException in one line if {@code config} describes a network pairviz cannot
     *     build (one that comes whole with its weights)
     */
    static EmbeddingNetwork build(ModelConfig config) {
        if (config instanceof Architecture a) {
            return a.newNetwork();
        }
        throw new PairvizException("a " + config.kind() + " comes whole with its weights: pairviz cannot build a new one "
                + "from its description (to train, start from an architecture pairviz builds: a ViT or a ResNet)");
    }
}

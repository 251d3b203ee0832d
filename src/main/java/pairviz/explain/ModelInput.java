package pairviz.explain;

import pairviz.loading.EmbeddingModel;

/**
 * The network an image's features came from and the input it ran on, as a gradient mode gets
 * them from the extractor that made the features, to run the image again against any partner.
 *
 * @param model the network (the features are valid while it is open)
 * @param pixels the normalised input, 3 x S x S, channel-major
 * @param black the network input of a black pixel, per channel (the normalisation applied to 0),
 *     for integrated gradients' {@link Baseline#BLACK}; null when the normalisation is unknown
 */
public record ModelInput(EmbeddingModel model, float[] pixels, float[] black) {
    /** An input whose normalisation is unknown. */
    public ModelInput(EmbeddingModel model, float[] pixels) {
        this(model, pixels, null);
    }
}

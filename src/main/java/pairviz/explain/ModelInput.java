package pairviz.explain;

import pairviz.loading.EmbeddingModel;

/**
 * The network an image's features came from and the input it ran on, kept with the features so
 * that a gradient mode can run the image again against any partner.
 *
 * @param model the network (the features are valid while it is open)
 * @param pixels the normalised input, 3 x S x S, channel-major
 */
public record ModelInput(EmbeddingModel model, float[] pixels) {}

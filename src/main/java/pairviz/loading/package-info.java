/**
 * Loading: the one road from a model file to a network ready to explain. {@link
 * pairviz.loading.ModelLoader} opens a file once, recognises its format by content
 * ({@link pairviz.loading.ModelFormats}: a TorchScript archive, a state dict; a new format is one
 * {@link pairviz.loading.ModelFormat} and one line there), applies every
 * {@link pairviz.loading.ModelOptions} (precision included) and returns an
 * {@link pairviz.loading.EmbeddingModel} with everything read about it (family, architecture,
 * notes, every file read). Sits above the network basics of {@code pairviz.model}; imports
 * nothing of explain, eval, train, cli or web.
 */
package pairviz.loading;

/**
 * Networks exported to TorchScript ({@link pairviz.model.torchscript.TorchScriptNetwork}): run
 * as PyTorch traced them, their token grid and pooling read from the archive.
 *
 * <p>Must not import: {@code pairviz.loading.family}, {@code pairviz.cli}, {@code pairviz.web},
 * {@code pairviz.explain}, {@code pairviz.train}.
 */
package pairviz.model.torchscript;

/**
 * Model graphs read from deployment formats (TensorFlow.js graph models, ONNX) and the one
 * interpreter that runs them on DJL's PyTorch engine, so that gradients flow through them.
 *
 * <p>Format-neutral here: {@link pairviz.model.graph.Graph}, its nodes and constants, the
 * interpreter, and each format's table of operations. Imports the network basics of
 * {@code pairviz.model}; never the CLI, the explainers or the loading above it.
 */
package pairviz.model.graph;

/**
 * ONNX models: {@link pairviz.model.onnx.OnnxReader} reads a {@code ModelProto} (ONNX's official
 * schema, {@code src/main/protobuf/onnx/onnx.proto}, compiled by protoc at build time) into a
 * format-neutral {@link pairviz.model.graph.Graph}, which the one graph interpreter runs with
 * ONNX's table of operations. Imports {@code pairviz.model.graph} and the weight decoders of
 * {@code pairviz.model.weights}; never the CLI or the explainers.
 */
package pairviz.model.onnx;

/**
 * TensorFlow.js graph models: {@code model.json} and its weight shards read into a
 * {@link pairviz.model.graph.Graph} ({@link pairviz.model.tfjs.TfjsModelFile}, dequantised as
 * tfjs-core does), the TensorFlow operations they use ({@link pairviz.model.tfjs.TfjsOps}) for the
 * one graph interpreter, and the family that loads them ({@link pairviz.model.tfjs.TfjsModels};
 * docs/models.md, "TensorFlow.js graph models").
 */
package pairviz.model.tfjs;

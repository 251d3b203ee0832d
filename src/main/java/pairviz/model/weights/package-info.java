/**
 * Model weights without a deep-learning framework: {@link pairviz.model.weights.Checkpoints}
 * reads PyTorch ({@code torch.save}, zip and legacy), {@code .safetensors} and {@code .npz}
 * checkpoints into a {@link pairviz.model.weights.StateDict} of float32
 * {@link pairviz.model.weights.Tensor}s, and {@link pairviz.model.weights.SafetensorsWriter}
 * writes one back out. Nothing here depends on DJL.
 */
package pairviz.model.weights;

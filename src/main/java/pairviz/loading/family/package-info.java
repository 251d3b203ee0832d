/**
 * The families of model files pairviz reads ({@link pairviz.loading.family.ModelFamily}): the
 * checkpoint families recognised by tensor names ({@link pairviz.loading.family.CheckpointFamily},
 * registry {@link pairviz.loading.family.CheckpointFamilies}: the authors', timm's, torchvision's,
 * Hugging Face's, OpenCLIP's, DINOv2's) and TorchScript's whole networks. Each reads what its
 * library publishes beside the tensors (config.json). Imports the network basics of
 * {@code pairviz.model} and the options of {@code pairviz.loading}; nothing above.
 */
package pairviz.loading.family;

/**
 * The synthetic-scenes benchmark: images whose class ("hotel") is decided only by which of its
 * signature objects they show, with exact ground truth of where each object is visible, so that
 * a similarity map can be checked against the pixels two images really share.
 *
 * <ul>
 *   <li>An object type is a {@link pairviz.data.scenes.ShapeKind} x
 *       {@link pairviz.data.scenes.Colour} x {@link pairviz.data.scenes.Texture} combination
 *       (600 in all).
 *   <li>{@link pairviz.data.scenes.SceneCatalog} gives each class 3-4 signature types and draws
 *       a pool of distractor types shared by all classes, all distinct, from the seed.
 *   <li>{@link pairviz.data.scenes.SceneGenerator} draws one image from (seed, class, index):
 *       muted background, some of the class's signatures, 1-3 distractors, random poses.
 *   <li>{@link pairviz.data.scenes.SceneWriter} writes a folder (layout in
 *       {@link pairviz.data.scenes.SceneFiles}); {@link pairviz.data.scenes.SceneDataset} reads
 *       it back.
 *   <li>{@link pairviz.data.scenes.GroundTruth} turns two images' objects into the mask of
 *       image A's pixels showing signature objects B shows too.
 * </ul>
 *
 * <p>Label maps: the instance mask has 0 for background and k for the k-th object drawn
 * ({@link pairviz.data.scenes.SceneObject#index()}), later objects overwriting earlier ones, so
 * it shows visible pixels. The semantic segmentation has 0 for background and the
 * {@link pairviz.data.scenes.ShapeKind#semanticId() shape's id} elsewhere: shapes play the part
 * of the paper's ADE-20k object classes (bed, lamp...) for the "pose similarity" histograms,
 * while signature ids identify object instances.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.model},
 * {@code pairviz.explain}, {@code pairviz.eval}, {@code pairviz.figures}, {@code pairviz.render},
 * {@code pairviz.report}, {@code pairviz.train}.
 */
package pairviz.data.scenes;

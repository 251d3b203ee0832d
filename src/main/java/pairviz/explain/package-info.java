/**
 * The method: from two images' features to their paired maps. {@link pairviz.explain.FeatureExtractor}
 * runs a network once per image and keeps what the maps need ({@link pairviz.explain.ImageFeatures});
 * {@link pairviz.explain.Decomposition} splits the cosine similarity over output tokens,
 * {@link pairviz.explain.Rollout} carries it back to the input patches, and the gradient methods
 * ({@link pairviz.explain.GradientRollout}, {@link pairviz.explain.GradientTimesInput},
 * {@link pairviz.explain.IntegratedGradients}) take gradients toward the partner: grad-rollout
 * through each image's one forward pass, kept under autograd while the image is explained against
 * its partners ({@link pairviz.explain.GradientPass}), one backward pass per map.
 * {@link pairviz.explain.PairExplainer} and {@link pairviz.explain.ClassMapExplainer} give the
 * results as records ({@link pairviz.explain.PairExplanation}, {@link pairviz.explain.ClassMap},
 * {@link pairviz.explain.Heatmap}); the {@link pairviz.explain.Mode} says which method.
 *
 * <p>Sits on {@code image} and {@code model} only: numbers in, numbers out; no files are read or
 * written and nothing is drawn here.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.data},
 * {@code pairviz.eval}, {@code pairviz.figures}, {@code pairviz.render}, {@code pairviz.report},
 * {@code pairviz.train}.
 */
package pairviz.explain;

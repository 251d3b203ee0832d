/**
 * How faithful similarity maps are ({@code pairviz faithfulness}): deletion and insertion curves
 * (perturb the patches a map ranks highest and watch the similarity move), agreement with the
 * ground truth of the synthetic scenes, and completeness, each summarised as a mean with a
 * bootstrap confidence interval per method. {@link pairviz.eval.faithfulness.FaithfulnessStudy} is
 * the whole study (what the command runs), its {@link pairviz.eval.faithfulness.FaithfulnessResult}
 * the tables and JSON; {@code pairviz.figures.FaithfulnessFiles} writes them with the curves.
 *
 * <p>The metric classes ({@link pairviz.eval.faithfulness.Curves},
 * {@link pairviz.eval.faithfulness.GroundTruthMetrics}, {@link pairviz.eval.faithfulness.Bootstrap},
 * {@link pairviz.eval.faithfulness.PatchRanking}) are plain arithmetic; the network is reached only
 * through {@link pairviz.eval.faithfulness.Embedder}, so any of them can be checked on a
 * hand-built model.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.figures},
 * {@code pairviz.render}, {@code pairviz.report}, {@code pairviz.train}.
 */
package pairviz.eval.faithfulness;

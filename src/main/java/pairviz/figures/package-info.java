/**
 * The paper's figures as library calls: retrieval with maps ({@link pairviz.figures.RetrievalFigure}),
 * class maps, model comparisons, the similarity matrix, pose similarity over the synthetic scenes
 * and the evolution of maps over training checkpoints. Each computes its numbers with
 * {@code explain} and {@code eval} and lays them out with {@code render}; the command line only
 * chooses the inputs and the output files.
 *
 * {@link pairviz.figures.FaithfulnessFiles} writes a faithfulness study's tables and curves.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.train} (training
 * checkpoints are listed by {@link pairviz.train.Checkpoint}; a figure takes their files and
 * iterations).
 */
package pairviz.figures;

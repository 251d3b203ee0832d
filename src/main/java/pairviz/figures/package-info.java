/**
 * The paper's figures as library calls: retrieval with maps ({@link pairviz.figures.RetrievalFigure}),
 * class maps, model comparisons, the similarity matrix, pose similarity over the synthetic scenes
 * and the evolution of maps over training checkpoints. Each computes its numbers with
 * {@code explain} and {@code eval} and lays them out with {@code render}; the command line only
 * chooses the inputs and the output files.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}. (Today {@link pairviz.figures.Checkpoint}
 * still reads training run folders through {@code pairviz.train}; issue 20 item 6 moves that
 * beside the run folder.)
 */
package pairviz.figures;

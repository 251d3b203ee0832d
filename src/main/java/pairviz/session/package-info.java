/**
 * A loaded network ready to explain: {@link pairviz.session.ExplainSession} builds, in one place,
 * the feature path of a model (its preprocessing, a {@link pairviz.explain.FeatureExtractor} and
 * an {@link pairviz.explain.ImageEmbedder} with one cache policy) and the explainers for one set
 * of {@link pairviz.explain.ExplainOptions}. The command line, the Java API ({@code pairviz.Pairviz})
 * and the web app take their feature paths from here, so a change to how features are made is one
 * change.
 *
 * <p>Sits on {@code explain}, {@code loading} and {@code image}: no files written, nothing drawn.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.figures},
 * {@code pairviz.render}, {@code pairviz.report}, {@code pairviz.train}, {@code pairviz.eval}.
 */
package pairviz.session;

/**
 * Small helpers every layer may use: files written whole or not at all
 * ({@link pairviz.util.AtomicFiles}), JSON files ({@link pairviz.util.JsonFiles}), one-line
 * messages for malformed JSON ({@link pairviz.util.JsonErrors}), and progress: the
 * {@link pairviz.util.ProgressListener} long tasks report through and its terminal bar
 * {@link pairviz.util.TerminalProgress}.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.model},
 * {@code pairviz.explain}, {@code pairviz.image}, {@code pairviz.data}, {@code pairviz.eval},
 * {@code pairviz.figures}, {@code pairviz.render}, {@code pairviz.report}, {@code pairviz.train}.
 */
package pairviz.util;

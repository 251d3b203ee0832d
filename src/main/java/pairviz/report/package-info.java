/**
 * The one-page HTML report of a run ({@link pairviz.report.HtmlReport}): figures already drawn and
 * tables already computed, put on one page with their captions.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.model},
 * {@code pairviz.explain}, {@code pairviz.data}, {@code pairviz.eval}, {@code pairviz.figures},
 * {@code pairviz.render}, {@code pairviz.train}.
 */
package pairviz.report;

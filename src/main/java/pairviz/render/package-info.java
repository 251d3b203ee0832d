/**
 * Drawing: colormaps ({@link pairviz.render.Colormap}), heat maps laid over images
 * ({@link pairviz.render.Overlay}, {@link pairviz.render.HeatScale}), the pair summary
 * ({@link pairviz.render.PairFigure}), grids of panels and line charts, written as PNG.
 *
 * <p>Draws numbers and images it is given; it computes no map and runs no network.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.model},
 * {@code pairviz.explain}, {@code pairviz.data}, {@code pairviz.eval}, {@code pairviz.figures},
 * {@code pairviz.report}, {@code pairviz.train}.
 */
package pairviz.render;

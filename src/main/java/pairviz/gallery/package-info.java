/**
 * A dataset embedded and searched: the embedding pass over many images with its progress and
 * resumable parts ({@link pairviz.gallery.DatasetEmbedder}), the searchable gallery of the web app,
 * {@code demo} and {@code evolution} ({@link pairviz.gallery.Gallery}), and exact nearest-neighbour
 * search by cosine ({@link pairviz.gallery.ExactSearch}, {@link pairviz.gallery.TopK}).
 *
 * <p>Sits on {@code store}, {@code data}, {@code explain}, {@code image} and {@code model}; draws
 * nothing. Retrieval metrics over a search are {@code pairviz.eval}'s.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.eval}, {@code pairviz.web},
 * {@code pairviz.figures}, {@code pairviz.render}, {@code pairviz.report}, {@code pairviz.train}.
 */
package pairviz.gallery;

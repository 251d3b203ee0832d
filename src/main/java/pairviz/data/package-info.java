/**
 * Datasets as labelled images, free of any deep-learning library: a {@link pairviz.data.Dataset}
 * is a name and train/test lists of {@link pairviz.data.Sample}s (an
 * {@link pairviz.data.ImageSource} plus a label), and {@link pairviz.data.ImageSource#load()}
 * decodes a {@code TYPE_INT_RGB} {@link java.awt.image.BufferedImage} on demand.
 *
 * <p>Readers, each for the layout its dataset ships in:
 *
 * <ul>
 *   <li>{@link pairviz.data.ClassFolders}: {@code root/<class>/*.jpg}, optionally pre-split in
 *       {@code train/} and {@code test/};
 *   <li>{@link pairviz.data.StanfordOnlineProducts}: {@code Ebay_train.txt}, {@code Ebay_test.txt};
 *   <li>{@link pairviz.data.Hotels50k}: {@code train_set.csv}, {@code test_set.csv},
 *       {@code images/train/<chain>/<hotel>/<source>/<id>.jpg};
 *   <li>{@link pairviz.data.GoogleLandmarks}: {@code train_clean.csv}, {@code train/a/b/c/<id>.jpg};
 *   <li>{@link pairviz.data.Cub200}: {@code images.txt}, {@code image_class_labels.txt};
 *   <li>{@link pairviz.data.FashionMnist}: IDX files, held in memory;
 *   <li>{@link pairviz.data.scenes.SceneDataset}: output of {@code pairviz data scenes}.
 * </ul>
 *
 * {@link pairviz.data.DatasetFormat} names them for the command line. Datasets that do not come
 * split are divided by an explicit, deterministic {@link pairviz.data.Split} rule; a
 * {@link pairviz.data.Subset} picks the test, training or all images. Every reader
 * reports a missing file or column as a one-line {@link pairviz.PairvizException} naming it.
 *
 * <p>Must not import: {@code pairviz.cli}, {@code pairviz.web}, {@code pairviz.model},
 * {@code pairviz.explain}, {@code pairviz.eval}, {@code pairviz.figures}, {@code pairviz.render},
 * {@code pairviz.report}, {@code pairviz.train}.
 */
package pairviz.data;

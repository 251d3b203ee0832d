package pairviz.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import pairviz.PairvizException;
import pairviz.data.ImageNames;
import pairviz.data.Sample;

/**
 * Images that the cluster reads itself, as rows of a table: a folder on any Hadoop file system
 * read by Spark's {@code binaryFile} source ({@link #files}), or a Parquet table with a path and
 * the image file's bytes ({@link #parquet}). The driver lists only the small columns (path and
 * label, in path order: the images' indices); the executors read the bytes.
 */
public final class ImageTable {
    /** Column names: Spark's binaryFile source's {@code path} and {@code content}, and the label. */
    public static final String PATH = "path";
    public static final String CONTENT = "content";
    public static final String LABEL = "label";
    /** Another name a Parquet table may give the bytes. */
    public static final String BYTES = "bytes";

    private final Dataset<Row> rows;
    private final List<EmbedJob.Image> images;
    private final int leftOut;

    private ImageTable(Dataset<Row> rows, List<EmbedJob.Image> images, int leftOut) {
        this.rows = rows;
        this.images = images;
        this.leftOut = leftOut;
    }

    /**
     * The images under {@code root} (any Hadoop URI, every folder below it), read by Spark's
     * {@code binaryFile} source; files whose names are not images' are left out and counted. The
     * label of an image is the name of the folder under {@code root} that holds it (class folders),
     * none for an image in {@code root} itself (a flat folder).
     */
    public static ImageTable files(SparkSession spark, String root) {
        String base;
        try {
            org.apache.hadoop.fs.Path r = new org.apache.hadoop.fs.Path(root);
            FileSystem fs = r.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(r) || !fs.getFileStatus(r).isDirectory()) {
                throw new PairvizException("--data " + root + (fs.exists(r) ? " is a file; name the folder of images" : " not found"));
            }
            base = fs.makeQualified(r).toString().replaceFirst("/*$", "/");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
        Dataset<Row> all = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(root);
        List<String> paths = all.select(PATH).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        List<String> kept = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String p : paths) {
            if (ImageNames.isImageName(java.nio.file.Path.of(new org.apache.hadoop.fs.Path(p).getName()))) {
                kept.add(p);
                String rel = p.startsWith(base) ? p.substring(base.length()) : new org.apache.hadoop.fs.Path(p).getName();
                labels.add(rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : Sample.UNLABELLED);
            }
        }
        return of(all.select(PATH, CONTENT), kept, labels, paths.size() - kept.size(), root);
    }

    /**
     * The images of the Parquet table at {@code uri}: a string column {@code path} (each image's
     * name, unique), a binary column {@code content} (or {@code bytes}): the image file's bytes,
     * as Spark's binaryFile source reads them; a string column {@code label} if the images have
     * labels.
     */
    public static ImageTable parquet(SparkSession spark, String uri) {
        Dataset<Row> t = spark.read().parquet(uri);
        List<String> columns = Arrays.asList(t.columns());
        String bytes = columns.contains(CONTENT) ? CONTENT : columns.contains(BYTES) ? BYTES : null;
        if (!columns.contains(PATH) || bytes == null) {
            throw new PairvizException("--table " + uri + " has the columns " + columns + ": it needs a string column 'path' and "
                    + "a binary column 'content' (or 'bytes') holding each image file's bytes");
        }
        if (!t.schema().apply(bytes).dataType().equals(DataTypes.BinaryType)
                || !t.schema().apply(PATH).dataType().equals(DataTypes.StringType)) {
            throw new PairvizException("--table " + uri + ": 'path' must be a string and '" + bytes + "' binary, not "
                    + t.schema().apply(PATH).dataType().simpleString() + " and " + t.schema().apply(bytes).dataType().simpleString());
        }
        Column label = columns.contains(LABEL) ? functions.coalesce(t.col(LABEL).cast(DataTypes.StringType), functions.lit(""))
                : functions.lit(Sample.UNLABELLED);
        List<Row> small = t.select(t.col(PATH), label).collectAsList();
        List<String> paths = new ArrayList<>(small.size());
        List<String> labels = new ArrayList<>(small.size());
        for (Row r : small) {
            if (r.isNullAt(0)) {
                throw new PairvizException("--table " + uri + " has a row without a path");
            }
            paths.add(r.getString(0));
            labels.add(r.getString(1));
        }
        return of(t.select(t.col(PATH), t.col(bytes).as(CONTENT)), paths, labels, 0, uri);
    }

    /** The table of {@code paths} (in any order) with {@code labels}: images indexed in path order. */
    private static ImageTable of(Dataset<Row> rows, List<String> paths, List<String> labels, int leftOut, String where) {
        if (paths.isEmpty()) {
            throw new PairvizException(where + " holds no images" + (leftOut > 0 ? " (" + leftOut + " files whose names are not images')" : ""));
        }
        Integer[] order = new Integer[paths.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> paths.get(a).compareTo(paths.get(b)));
        List<EmbedJob.Image> images = new ArrayList<>(order.length);
        for (int i = 0; i < order.length; i++) {
            String p = paths.get(order[i]);
            if (i > 0 && p.equals(images.get(i - 1).path())) {
                throw new PairvizException(where + " holds the image " + p + " twice");
            }
            images.add(new EmbedJob.Image(i, p, labels.get(order[i])));
        }
        return new ImageTable(rows, images, leftOut);
    }

    /** The images, in path order (their indices). */
    public List<EmbedJob.Image> images() {
        return images;
    }

    /** Files left out because their names are not images' (binaryFile folders). */
    public int leftOut() {
        return leftOut;
    }

    /** Rows {@code (path, content)}: each image's bytes, read on the executors. */
    Dataset<Row> content() {
        return rows;
    }
}

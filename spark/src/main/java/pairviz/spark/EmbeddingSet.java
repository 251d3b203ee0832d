package pairviz.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import pairviz.BadParameterException;
import pairviz.PairvizException;
import pairviz.store.FloatMatrix;
import scala.Tuple2;

/**
 * An {@link EmbeddingTable} read for searching. Its items are numbered 0..n-1 in the table's
 * {@code index} order (the dataset's order: ties in a ranking go to the lower number, as in
 * {@code pairviz evaluate}); the driver holds the small columns (index, path, label), the
 * executors the embeddings, in {@link Block}s of consecutive items.
 */
public final class EmbeddingSet {
    private final Dataset<Row> table;
    private final long[] indices;
    private final List<String> paths;
    private final List<String> labels;

    /** Rows of consecutive items {@code first .. first + rows - 1}, one embedding per row. */
    public record Block(int block, int first, int rows, int cols, float[] data) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** The embeddings as the core's matrix (not copied). */
        public FloatMatrix matrix() {
            return new FloatMatrix(rows, cols, data);
        }
    }

    private EmbeddingSet(Dataset<Row> table, long[] indices, List<String> paths, List<String> labels) {
        this.table = table;
        this.indices = indices;
        this.paths = paths;
        this.labels = labels;
    }

    /**
     * Reads the table in {@code dir}.
     *
     * @param parameter what the caller calls it, in words ("embeddings", "gallery"), for messages
     */
    public static EmbeddingSet read(SparkSession spark, String dir, String parameter) {
        try {
            Path path = new Path(dir);
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            EmbeddingTable.requireTable(fs, path, parameter);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        Dataset<Row> table = spark.read().parquet(dir);
        for (String column : List.of(EmbeddingTable.INDEX, EmbeddingTable.PATH, EmbeddingTable.LABEL, EmbeddingTable.EMBEDDING)) {
            if (!Arrays.asList(table.columns()).contains(column)) {
                throw BadParameterException.of(parameter, dir + " has no column '" + column
                        + "': give a folder written by pairviz spark embed");
            }
        }
        List<Row> small = table.select(EmbeddingTable.INDEX, EmbeddingTable.PATH, EmbeddingTable.LABEL)
                .orderBy(EmbeddingTable.INDEX).collectAsList();
        if (small.isEmpty()) {
            throw BadParameterException.of(parameter, dir + " holds no embeddings");
        }
        long[] indices = new long[small.size()];
        List<String> paths = new ArrayList<>(small.size());
        List<String> labels = new ArrayList<>(small.size());
        for (int i = 0; i < indices.length; i++) {
            Row r = small.get(i);
            indices[i] = r.getLong(0);
            if (i > 0 && indices[i] == indices[i - 1]) {
                throw BadParameterException.of(parameter, dir + " holds index " + indices[i] + " twice");
            }
            paths.add(r.getString(1));
            labels.add(r.getString(2));
        }
        return new EmbeddingSet(table, indices, paths, labels);
    }

    /** Number of items. */
    public int size() {
        return indices.length;
    }

    /** Labels by item number. */
    public List<String> labels() {
        return labels;
    }

    /** Paths (image ids) by item number. */
    public List<String> paths() {
        return paths;
    }

    /** All the embeddings, in item order, on the driver (for a gallery that fits in its memory). */
    public FloatMatrix collect() {
        List<Row> rows = table.select(EmbeddingTable.INDEX, EmbeddingTable.EMBEDDING).orderBy(EmbeddingTable.INDEX).collectAsList();
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = EmbeddingTable.floats(rows.get(i).getList(1));
        }
        return FloatMatrix.of(out);
    }

    /** The width of the embeddings (the first row's; {@link #stream} refuses a row of another). */
    public int width() {
        return table.select(org.apache.spark.sql.functions.size(table.col(EmbeddingTable.EMBEDDING))).first().getInt(0);
    }

    /**
     * The embeddings in item order, streamed to the driver a partition of the sorted table at a
     * time ({@code toLocalIterator}): the driver never holds more than one partition of them.
     */
    public java.util.Iterator<float[]> stream() {
        java.util.Iterator<Row> rows = table.select(EmbeddingTable.EMBEDDING).orderBy(table.col(EmbeddingTable.INDEX))
                .toLocalIterator();
        return new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public float[] next() {
                return EmbeddingTable.floats(rows.next().getList(0));
            }
        };
    }

    /** Blocks of {@code blockSize} consecutive items (the last may be shorter), on the executors. */
    public JavaRDD<Block> blocks(SparkSession spark, int blockSize) {
        int blocks = (size() + blockSize - 1) / blockSize;
        Broadcast<long[]> order = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(indices);
        return table.select(EmbeddingTable.INDEX, EmbeddingTable.EMBEDDING).javaRDD()
                .mapToPair(r -> {
                    int item = Arrays.binarySearch(order.value(), r.getLong(0));
                    float[] v = EmbeddingTable.floats(r.getList(1));
                    return new Tuple2<>(item / blockSize, new Tuple2<>(item, v));
                })
                .groupByKey(Math.max(1, blocks))
                .map(group -> {
                    List<Tuple2<Integer, float[]>> items = new ArrayList<>();
                    group._2().forEach(items::add);
                    items.sort((a, b) -> Integer.compare(a._1(), b._1()));
                    int first = group._1() * blockSize;
                    int cols = items.get(0)._2().length;
                    float[] data = new float[items.size() * cols];
                    for (int i = 0; i < items.size(); i++) {
                        float[] v = items.get(i)._2();
                        if (v.length != cols) {
                            throw new PairvizException("the embeddings differ in width: " + v.length + " and " + cols);
                        }
                        System.arraycopy(v, 0, data, i * cols, cols);
                    }
                    return new Block(group._1(), first, items.size(), cols, data);
                });
    }
}

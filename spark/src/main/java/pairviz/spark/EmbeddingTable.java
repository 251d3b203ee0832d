package pairviz.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import pairviz.BadParameterException;

/**
 * The folder {@code pairviz spark embed} writes: one Parquet file per partition of the images,
 * {@code part-NNNNN.parquet}, with one row per image that could be read:
 * {@code index} (its position in the dataset's listing: the gallery order), {@code path},
 * {@code label} and {@code embedding} (array of float). Beside them, in folders Spark's readers
 * skip: {@code _unreadable/part-NNNNN.tsv} (path, tab, why) for the images that could not be read,
 * and {@code _embed.json}, what the run was (see {@link EmbedJob}).
 *
 * <p>A partition's file is written under {@code _incomplete/} and renamed into place when whole,
 * after its unreadable list: a partition whose file is there is done, which is what lets a killed
 * run resume.
 */
public final class EmbeddingTable {
    /** Column names. */
    public static final String INDEX = "index";
    public static final String PATH = "path";
    public static final String LABEL = "label";
    public static final String EMBEDDING = "embedding";

    static final String MANIFEST = "_embed.json";
    static final String UNREADABLE = "_unreadable";
    private static final String INCOMPLETE = "_incomplete";
    private static final Pattern PART = Pattern.compile("part-(\\d{5})\\.parquet");

    /** The Parquet schema of a row (a standard three-level list, which Spark reads as array of float). */
    static final MessageType SCHEMA = Types.buildMessage()
            .required(PrimitiveTypeName.INT64).named(INDEX)
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(PATH)
            .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(LABEL)
            .requiredList().requiredElement(PrimitiveTypeName.FLOAT).named(EMBEDDING)
            .named("pairviz_embedding");

    private EmbeddingTable() {}

    /** One embedded image. */
    public record Row(long index, String path, String label, float[] embedding) {}

    /** One image that could not be read, and why. */
    public record Unreadable(String path, String problem) {}

    /** A Spark array of float column's value as floats. */
    public static float[] floats(List<Float> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = values.get(i);
        }
        return f;
    }

    /** The file of partition {@code p}. */
    static Path partFile(Path dir, int p) {
        return new Path(dir, String.format("part-%05d.parquet", p));
    }

    /** The partitions whose files are in {@code dir}. */
    static List<Integer> donePartitions(FileSystem fs, Path dir) throws IOException {
        List<Integer> done = new ArrayList<>();
        if (!fs.exists(dir)) {
            return done;
        }
        for (FileStatus f : fs.listStatus(dir)) {
            Matcher m = PART.matcher(f.getPath().getName());
            if (f.isFile() && m.matches()) {
                done.add(Integer.parseInt(m.group(1)));
            }
        }
        done.sort(null);
        return done;
    }

    /**
     * Writes partition {@code p}: its unreadable list (when there is one), then its rows, made
     * visible by one rename.
     */
    static void writePartition(Configuration conf, Path dir, int p, List<Row> rows, List<Unreadable> unreadable) {
        try {
            FileSystem fs = dir.getFileSystem(conf);
            Path bad = new Path(new Path(dir, UNREADABLE), String.format("part-%05d.tsv", p));
            if (unreadable.isEmpty()) {
                fs.delete(bad, false);
            } else {
                try (OutputStream out = fs.create(bad, true)) {
                    StringBuilder text = new StringBuilder();
                    for (Unreadable u : unreadable) {
                        text.append(oneLine(u.path())).append('\t').append(oneLine(u.problem())).append('\n');
                    }
                    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            Path tmp = new Path(new Path(dir, INCOMPLETE), partFile(dir, p).getName() + "." + System.nanoTime());
            SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
            try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(tmp, conf))
                    .withConf(conf).withType(SCHEMA).withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
                for (Row r : rows) {
                    Group g = groups.newGroup().append(INDEX, r.index()).append(PATH, r.path()).append(LABEL, r.label());
                    Group list = g.addGroup(EMBEDDING);
                    for (float v : r.embedding()) {
                        list.addGroup("list").append("element", v);
                    }
                    writer.write(g);
                }
            }
            Path target = partFile(dir, p);
            if (!fs.rename(tmp, target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write partition " + p + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Every unreadable image listed in {@code dir}, partition by partition. */
    static List<Unreadable> unreadable(FileSystem fs, Path dir) throws IOException {
        List<Unreadable> out = new ArrayList<>();
        Path bad = new Path(dir, UNREADABLE);
        if (!fs.exists(bad)) {
            return out;
        }
        List<FileStatus> files = new ArrayList<>(List.of(fs.listStatus(bad)));
        files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        for (FileStatus f : files) {
            try (var in = fs.open(f.getPath())) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    int tab = line.indexOf('\t');
                    if (tab > 0) {
                        out.add(new Unreadable(line.substring(0, tab), line.substring(tab + 1)));
                    }
                }
            }
        }
        return out;
    }

    /** Removes what killed runs left half written. */
    static void dropIncomplete(FileSystem fs, Path dir) throws IOException {
        fs.delete(new Path(dir, INCOMPLETE), true);
    }

    /** Checks that {@code dir}, the value of {@code parameter}, holds embeddings. */
    static void requireTable(FileSystem fs, Path dir, String parameter) throws IOException {
        if (!fs.exists(dir)) {
            throw BadParameterException.of(parameter, dir + " not found");
        }
        if (!fs.getFileStatus(dir).isDirectory()) {
            throw BadParameterException.of(parameter, dir + " is a file; give the folder pairviz spark embed wrote");
        }
        if (donePartitions(fs, dir).isEmpty() && fs.globStatus(new Path(dir, "*.parquet")).length == 0) {
            throw BadParameterException.of(parameter, dir + " holds no Parquet files: make it with pairviz spark embed");
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}

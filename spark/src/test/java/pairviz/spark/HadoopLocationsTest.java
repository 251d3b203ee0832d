package pairviz.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.store.FloatMatrix;
import pairviz.store.Npy;
import pairviz.spark.cli.SparkCli;
import pairviz.spark.cli.TestJvm;

/**
 * Data, checkpoints and outputs where clusters keep them (issue 24, item 4): {@code file:} URIs are
 * the local files (pictures under --out, never under ./file:); a folder on another Hadoop file
 * system (here {@code rlocal://}, the local disk under another scheme: {@link RemoteLikeFileSystem})
 * is listed and read by the cluster, its checkpoint copied with the files beside it (a Hugging
 * Face config.json); a Parquet table of image bytes is a dataset. Each gives the embeddings of the
 * same images read from local paths.
 */
class HadoopLocationsTest {
    static final Path RESNET = SparkJobsTest.WEIGHTS;
    static final Path HF_VIT = Path.of("../src/test/resources/fixtures/families/hf_vit/pytorch_model.bin").toAbsolutePath().normalize();

    static SparkSession spark;
    @TempDir static Path tmp;
    static Path data;

    @BeforeAll
    static void start() throws IOException {
        System.setProperty("spark.hadoop.fs.rlocal.impl", RemoteLikeFileSystem.class.getName());
        spark = SparkSession.builder().master("local[2]").appName("pairviz spark locations test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "localhost")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        data = tmp.resolve("data");
        Random random = new Random(5);
        for (int c = 0; c < 3; c++) {
            Files.createDirectories(data.resolve("c" + c));
            for (int i = 0; i < 3; i++) {
                ImageIO.write(SparkJobsTest.picture(random, c), "png", data.resolve("c" + c).resolve(i + ".png").toFile());
            }
        }
        Files.writeString(data.resolve("c1").resolve("notes.txt"), "not an image by name");
        Files.writeString(data.resolve("c2").resolve("bad.png"), "not a picture");
    }

    @AfterAll
    static void stop() {
        spark.stop();
        System.clearProperty("spark.hadoop.fs.rlocal.impl");
    }

    private static String rlocal(Path p) {
        return RemoteLikeFileSystem.SCHEME + "://" + p.toAbsolutePath();
    }

    /** spark embed of {@code data} from local paths with {@code weights}, into a new folder. */
    private static Path reference(Path weights, String name) {
        Path out = tmp.resolve(name);
        if (!Files.exists(out)) {
            assertEquals(0, SparkCli.run("embed", "--weights", weights.toString(), "--data", data.toString(), "--subset", "all",
                    "--partitions", "2", "--out", out.toString()));
        }
        return out;
    }

    /** The embeddings of a spark embed folder by image, named by the path under the data folder. */
    private static Map<String, float[]> byImage(String dir) {
        EmbeddingSet set = EmbeddingSet.read(spark, dir, "embeddings");
        FloatMatrix m = set.collect();
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < set.size(); i++) {
            String p = set.paths().get(i);
            out.put(p.substring(p.indexOf("/data/") + 6) + " " + set.labels().get(i), m.row(i));
        }
        return out;
    }

    private static void assertSameEmbeddings(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), 1e-6f, k));
    }

    @Test
    void fileUrisAreLocalPathsAndPicturesGoUnderOut() throws IOException {
        Path out = tmp.resolve("file-uri");
        assertEquals(0, SparkCli.run("embed", "--weights", "file://" + RESNET, "--data", "file://" + data, "--subset", "all",
                "--partitions", "2", "--out", "file://" + out));
        assertSameEmbeddings(byImage(reference(RESNET, "ref-resnet").toString()), byImage(out.toString()));
        Path npy = tmp.resolve("exported").resolve("e.npy");
        assertEquals(0, SparkCli.run("export", "--embeddings", "file://" + out, "--out", "file://" + npy));
        assertEquals(9, Npy.read(npy).rows());
        Path explained = tmp.resolve("explained");
        assertEquals(0, SparkCli.run("explain", "--weights", "file://" + RESNET, "--queries", "file://" + out, "--gallery",
                out.toString(), "--top", "1", "--pictures", "2", "--out", "file://" + explained));
        try (var pictures = Files.list(explained.resolve("pictures"))) {
            assertEquals(6, pictures.count()); // one match of each of two queries: two maps and a figure each
        }
        assertFalse(Files.exists(Path.of("file:")), "nothing under ./file:");
    }

    @Test
    void aFolderOnAnotherFileSystemIsListedAndReadByTheCluster() throws IOException {
        Path ref = reference(HF_VIT, "ref-hf");
        String out = rlocal(tmp.resolve("remote-out"));
        String err = TestJvm.stderr(() -> assertEquals(0, SparkCli.run("embed", "--weights", rlocal(HF_VIT), "--data", rlocal(data),
                "--partitions", "2", "--out", out)));
        // the checkpoint came with its config.json: the driver's network and the executors' have 2 heads
        assertTrue(err.contains("copied 3 files") && err.contains("2 heads"), err);
        assertTrue(err.contains("left out 1 files of " + rlocal(data) + " whose names are not images'"), err);
        Map<String, float[]> remote = byImage(out);
        assertTrue(remote.keySet().iterator().next().startsWith("c0/0.png c0"), remote.keySet().toString());
        assertSameEmbeddings(byImage(ref.toString()), remote);
        // the unreadable image is named by its own path, not by the executor's copy of it
        assertTrue(err.contains("skipped 1 unreadable image") && err.contains("rlocal:" + data.resolve("c2/bad.png"))
                && !err.contains("pairviz-images-"), err);

        String explained = rlocal(tmp.resolve("remote-explained"));
        assertEquals(0, SparkCli.run("explain", "--weights", rlocal(HF_VIT), "--queries", out, "--gallery", out, "--top", "1",
                "--pictures", "1", "--out", explained));
        List<Row> rows = spark.read().parquet(explained + "/pairs").collectAsList();
        assertEquals(9, rows.size());
        assertTrue(rows.stream().allMatch(r -> r.isNullAt(r.fieldIndex("error"))), rows.toString());
        try (var pictures = Files.list(tmp.resolve("remote-explained").resolve("pictures"))) {
            assertEquals(3, pictures.filter(f -> f.toString().endsWith(".png")).count());
        }
    }

    @Test
    void aParquetTableOfImageBytesIsADataset() throws IOException {
        String table = tmp.resolve("images.parquet").toString();
        spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(data.toString())
                .where(functions.col("path").endsWith(".png"))
                .withColumn("label", functions.element_at(functions.split(functions.col("path"), "/"), -2))
                .select("path", "label", "content").repartition(2).write().parquet(table);
        Path out = tmp.resolve("from-table");
        String err = TestJvm.stderr(() -> assertEquals(0, SparkCli.run("embed", "--weights", RESNET.toString(), "--table", table,
                "--partitions", "3", "--out", out.toString())));
        assertTrue(err.contains("10 images, 3 partitions"), err);
        assertSameEmbeddings(byImage(reference(RESNET, "ref-resnet").toString()), byImage(out.toString()));
        // a table has no train/test split
        err = TestJvm.stderr(() -> assertEquals(2, SparkCli.run("embed", "--weights", RESNET.toString(), "--table", table,
                "--subset", "test", "--out", tmp.resolve("x").toString())));
        assertTrue(err.contains("without a train/test split: leave out --subset"), err);
    }
}

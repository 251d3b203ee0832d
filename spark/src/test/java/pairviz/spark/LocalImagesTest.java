package pairviz.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** Images as local files for the core's reader: each image its own file, names kept, copies removed. */
class LocalImagesTest {
    @Test
    void everyImageGetsItsOwnFileAndPlainPathsAreUsedAsThey() throws Exception {
        Path a;
        Path b;
        try (LocalImages local = new LocalImages(new Configuration())) {
            // two names that would land on one file: each image keeps its own bytes
            a = local.of("x.png", new byte[] {1});
            b = local.of("/x.png", new byte[] {2});
            assertNotEquals(a, b);
            assertArrayEquals(new byte[] {1}, Files.readAllBytes(a));
            assertArrayEquals(new byte[] {2}, Files.readAllBytes(b));
            assertEquals("x.png", b.getFileName().toString());
            Path up = local.of("hdfs://nn/../../../etc/passwd", new byte[] {3});
            assertTrue(up.toString().contains("pairviz-images-"), up.toString());
            // a path as the core's readers give it, a colon in its name included, is the file itself
            assertEquals(Path.of("/data/c0/a:b.png"), local.of("/data/c0/a:b.png"));
            assertEquals(Path.of("/data/c 0/a.png"), local.of("file:///data/c 0/a.png"));
            assertEquals("cannot read image hdfs://nn/x.png: no such file",
                    LocalImages.message("cannot read image " + a + ": no such file", a, "hdfs://nn/x.png"));
        }
        assertFalse(Files.exists(a) || Files.exists(b), "copies removed");
        assertFalse(LocalImages.remote("/data/a:b.png") || LocalImages.remote("C:/x.png") || LocalImages.remote("file:/x"));
        assertTrue(LocalImages.remote("hdfs://nn/x") && LocalImages.remote("s3a://b/x"));
    }
}

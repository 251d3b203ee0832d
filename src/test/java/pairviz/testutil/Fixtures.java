package pairviz.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Test resources, read from the test classpath: the fixtures made by
 * src/test/python/make_fixtures.py, and the committed numerical fixtures of the Python reference
 * ({@code src/test/resources/fixtures}, {@link #fixture}).
 */
public final class Fixtures {
    private Fixtures() {}

    /** The folder of the reference's numerical fixtures (a test resource folder). */
    public static final Path FIXTURES = path("fixtures");

    /** A file of the reference's numerical fixtures, e.g. {@code vit_tiny.pth}. */
    public static Path fixture(String name) {
        return FIXTURES.resolve(name);
    }

    /** A JSON file of the reference's numerical fixtures. */
    public static JsonNode fixtureJson(String name) {
        return json("fixtures/" + name);
    }

    /** A JSON array of numbers (nested arrays flattened row-major). */
    public static float[] floats(JsonNode node) {
        List<Float> out = new ArrayList<>();
        flatten(node, out);
        float[] f = new float[out.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = out.get(i);
        }
        return f;
    }

    private static void flatten(JsonNode node, List<Float> out) {
        if (node.isArray()) {
            node.forEach(n -> flatten(n, out));
        } else {
            out.add(node.floatValue());
        }
    }

    /** Path of a test resource, e.g. {@code image/cases.json}. */
    public static Path path(String resource) {
        try {
            var url = Fixtures.class.getResource("/" + resource);
            if (url == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String resource) {
        try {
            return new ObjectMapper().readTree(path(resource).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raw float32 little-endian. */
    public static float[] f32(String resource) {
        ByteBuffer b = bytes(resource);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** Raw int32 little-endian. */
    public static int[] i32(String resource) {
        ByteBuffer b = bytes(resource);
        int[] out = new int[b.remaining() / 4];
        b.asIntBuffer().get(out);
        return out;
    }

    private static ByteBuffer bytes(String resource) {
        try {
            return ByteBuffer.wrap(Files.readAllBytes(path(resource))).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The pixels of an 8-bit RGB PNG written by PIL, read straight from the raster with plain
     * ImageIO (independent of pairviz.image), as packed 0xRRGGBB.
     */
    public static int[] expectedRgb(String resource) {
        try (InputStream in = Files.newInputStream(path(resource))) {
            BufferedImage img = ImageIO.read(in);
            Raster r = img.getRaster();
            if (r.getNumBands() != 3 || img.getColorModel().getComponentSize(0) != 8) {
                throw new IllegalStateException(resource + " is not an 8-bit RGB PNG");
            }
            int w = img.getWidth();
            int h = img.getHeight();
            int[] out = new int[w * h];
            int[] p = new int[3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    r.getPixel(x, y, p);
                    out[y * w + x] = p[0] << 16 | p[1] << 8 | p[2];
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Width and height of a PNG resource. */
    public static int[] size(String resource) {
        try {
            BufferedImage img = ImageIO.read(path(resource).toFile());
            return new int[] {img.getWidth(), img.getHeight()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pixels of any image as packed 0xRRGGBB (alpha bits cleared). */
    public static int[] rgb(BufferedImage img) {
        int w = img.getWidth();
        int[] px = img.getRGB(0, 0, w, img.getHeight(), null, 0, w);
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xffffff;
        }
        return px;
    }

    /** Largest per-channel difference between two packed RGB arrays. */
    public static int maxChannelDiff(int[] a, int[] b) {
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int s = 0; s <= 16; s += 8) {
                max = Math.max(max, Math.abs(((a[i] >> s) & 0xff) - ((b[i] >> s) & 0xff)));
            }
        }
        return max;
    }

    /** Mean absolute per-channel difference between two packed RGB arrays. */
    public static double meanChannelDiff(int[] a, int[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int s = 0; s <= 16; s += 8) {
                sum += Math.abs(((a[i] >> s) & 0xff) - ((b[i] >> s) & 0xff));
            }
        }
        return sum / (3.0 * a.length);
    }

    /** Number of channel values that differ. */
    public static int countDiffs(int[] a, int[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            for (int s = 0; s <= 16; s += 8) {
                if (((a[i] >> s) & 0xff) != ((b[i] >> s) & 0xff)) {
                    n++;
                }
            }
        }
        return n;
    }
}

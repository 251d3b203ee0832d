package pairviz.data.scenes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import pairviz.PairvizException;
import pairviz.data.Dataset;
import pairviz.data.Sample;
import pairviz.data.Split;

/**
 * A scenes folder written by {@link SceneWriter}, read back: its images as a {@link Dataset}
 * and the ground truth of each image.
 */
public final class SceneDataset {
    private final Path dir;
    private final SceneManifest manifest;

    private SceneDataset(Path dir, SceneManifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /**
     * Opens a scenes folder.
     *
     * @throws PairvizException if {@code dir/scenes.json} is missing (not a scenes folder, or an
     *     interrupted generation) or unreadable
     */
    public static SceneDataset open(Path dir) {
        Path file = SceneFiles.manifest(dir);
        if (!Files.isRegularFile(file)) {
            throw new PairvizException("scenes: " + file + " not found (not a scenes folder, or its generation did not finish)");
        }
        return new SceneDataset(dir, SceneFiles.readManifest(file));
    }

    public Path dir() {
        return dir;
    }

    public SceneManifest manifest() {
        return manifest;
    }

    /**
     * The images as a dataset named {@code scenes}, labels the class numbers, divided by
     * {@code split} (e.g. {@link Split#UNSEEN_CLASSES}: classes 0..N/2-1 train, the rest test).
     */
    public Dataset dataset(Split split) {
        SceneSpec spec = manifest.spec();
        List<Sample> samples = new ArrayList<>();
        for (int c = 0; c < spec.classes(); c++) {
            for (int i = 0; i < spec.perClass(); i++) {
                samples.add(Sample.ofFile(SceneFiles.image(dir, c, i), Integer.toString(c)));
            }
        }
        return split.apply("scenes", samples, 0);
    }

    /** Which scene image a sample is: its class and index. */
    public record Ref(int cls, int index) {}

    /**
     * The class and index of a sample of {@link #dataset}, from its path {@code images/<c>/<i>.png}.
     *
     * @throws PairvizException if the sample is not a scenes image
     */
    public static Ref ref(Sample sample) {
        Path p = sample.path().orElseThrow(() -> new PairvizException(sample.id() + " is not a scenes image file"));
        int n = p.getNameCount();
        String file = p.getFileName().toString();
        if (n < 3 || !p.getName(n - 3).toString().equals("images") || !file.endsWith(".png")) {
            throw new PairvizException(p + " is not a scenes image (expected images/<class>/<i>.png)");
        }
        try {
            return new Ref(Integer.parseInt(p.getName(n - 2).toString()), Integer.parseInt(file.substring(0, file.length() - 4)));
        } catch (NumberFormatException e) {
            throw new PairvizException(p + " is not a scenes image (expected images/<class>/<i>.png)");
        }
    }

    public SceneAnnotation annotation(int cls, int index) {
        return SceneFiles.readAnnotation(SceneFiles.objects(dir, cls, index));
    }

    public LabelMap mask(int cls, int index) {
        return LabelMap.read(SceneFiles.mask(dir, cls, index));
    }

    public LabelMap segmentation(int cls, int index) {
        return LabelMap.read(SceneFiles.segmentation(dir, cls, index));
    }

    public SceneAnnotation annotation(Sample sample) {
        Ref r = ref(sample);
        return annotation(r.cls(), r.index());
    }

    public LabelMap mask(Sample sample) {
        Ref r = ref(sample);
        return mask(r.cls(), r.index());
    }

    public LabelMap segmentation(Sample sample) {
        Ref r = ref(sample);
        return segmentation(r.cls(), r.index());
    }
}

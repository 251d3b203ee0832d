package pairviz.data.scenes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;
import pairviz.data.Dataset;
import pairviz.data.Sample;
import pairviz.data.Split;

class SceneWriterTest {

    private static final SceneSpec SPEC = SceneSpec.of(3, 2, 32, 11);

    @TempDir
    Path tmp;

    /** Every file under dir (relative path -> bytes). */
    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void writesTheDocumentedTree() throws Exception {
        Path dir = tmp.resolve("out");
        AtomicInteger steps = new AtomicInteger();
        SceneWriter.write(SPEC, dir, 2, false, steps::incrementAndGet);

        assertThat(steps.get()).isEqualTo(6);
        Map<String, byte[]> files = files(dir);
        assertThat(files).hasSize(1 + 6 * 4).containsKey("scenes.json");
        SceneGenerator generator = new SceneGenerator(SPEC);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 2; i++) {
                Scene expected = generator.generate(c, i);
                BufferedImage image = ImageIO.read(SceneFiles.image(dir, c, i).toFile());
                assertThat(image.getWidth()).isEqualTo(32);
                assertThat(image.getRGB(0, 0, 32, 32, null, 0, 32))
                        .isEqualTo(expected.image().getRGB(0, 0, 32, 32, null, 0, 32));
                assertThat(LabelMap.read(SceneFiles.mask(dir, c, i))).isEqualTo(expected.mask());
                assertThat(LabelMap.read(SceneFiles.segmentation(dir, c, i))).isEqualTo(expected.segmentation());
                assertThat(SceneFiles.readAnnotation(SceneFiles.objects(dir, c, i))).isEqualTo(expected.annotation());
            }
        }
        SceneManifest manifest = SceneFiles.readManifest(SceneFiles.manifest(dir));
        assertThat(manifest).isEqualTo(SceneManifest.of(generator));
        assertThat(manifest.spec()).isEqualTo(SPEC);
        assertThat(manifest.version()).isEqualTo(SceneGenerator.VERSION);
        assertThat(manifest.semanticClasses()).startsWith("background", "circle", "square");
        assertThat(new String(files.get("objects/0/0.json"), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"kind\" : \"signature\"", "\"class\" : 0", "\"visiblePixels\"").doesNotContain("\r");
    }

    @Test
    void outputIsByteIdenticalWhateverTheThreadCount() throws Exception {
        SceneWriter.write(SPEC, tmp.resolve("a"), 1, false, () -> {});
        SceneWriter.write(SPEC, tmp.resolve("b"), 3, false, () -> {});
        Map<String, byte[]> a = files(tmp.resolve("a"));
        Map<String, byte[]> b = files(tmp.resolve("b"));
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String name : a.keySet()) {
            assertThat(b.get(name)).as(name).isEqualTo(a.get(name));
        }
        SceneWriter.write(SceneSpec.of(3, 2, 32, 12), tmp.resolve("c"), 1, false, () -> {});
        assertThat(files(tmp.resolve("c")).get("images/0/0.png")).isNotEqualTo(a.get("images/0/0.png"));
    }

    @Test
    void refusesToOverwriteUnlessAskedAndNeverTouchesForeignFolders() throws Exception {
        Path dir = tmp.resolve("out");
        SceneWriter.write(SPEC, dir, 1, false, () -> {});
        PairvizException e = assertThrows(PairvizException.class, () -> SceneWriter.write(SPEC, dir, 1, false, () -> {}));
        assertThat(e.getMessage()).isEqualTo("out " + dir + " already holds scenes output (set overwrite to replace it)");

        // A smaller spec over the old output leaves no stale class folders behind.
        SceneWriter.write(SceneSpec.of(1, 1, 32, 11), dir, 1, true, () -> {});
        assertThat(files(dir)).hasSize(5);

        Path foreign = tmp.resolve("photos");
        Files.createDirectories(foreign.resolve("holiday"));
        e = assertThrows(PairvizException.class, () -> SceneWriter.write(SPEC, foreign, 1, true, () -> {}));
        assertThat(e.getMessage()).isEqualTo("out " + foreign
                + " holds files that are not scenes output (e.g. holiday): choose an empty or new folder");
        assertThat(foreign.resolve("holiday")).isDirectory();
    }

    @Test
    void readsBackAsADatasetWithGroundTruth() throws Exception {
        Path dir = tmp.resolve("out");
        SceneWriter.write(SceneSpec.of(4, 2, 32, 5), dir, 2, false, () -> {});
        SceneDataset scenes = SceneDataset.open(dir);
        Dataset d = scenes.dataset(Split.UNSEEN_CLASSES);
        assertThat(d.train()).extracting(Sample::label).containsExactly("0", "0", "1", "1");
        assertThat(d.test()).extracting(Sample::label).containsExactly("2", "2", "3", "3");
        Sample s = d.test().get(1);
        assertThat(SceneDataset.ref(s)).isEqualTo(new SceneDataset.Ref(2, 1));
        assertThat(scenes.annotation(s)).isEqualTo(new SceneGenerator(SceneSpec.of(4, 2, 32, 5)).generate(2, 1).annotation());
        assertThat(scenes.mask(s).count(0)).isEqualTo(s.load().getWidth() * 32
                - scenes.annotation(s).objects().stream().mapToInt(SceneObject::visiblePixels).sum());

        Path empty = tmp.resolve("empty");
        assertThat(assertThrows(PairvizException.class, () -> SceneDataset.open(empty)).getMessage())
                .isEqualTo("scenes: " + empty.resolve("scenes.json")
                        + " not found (not a scenes folder, or its generation did not finish)");
    }

    @Test
    void specValidationNamesTheParameter() {
        assertThat(assertThrows(PairvizException.class, () -> SceneSpec.of(0, 1, 64, 0)).getMessage())
                .isEqualTo("classes must be at least 1, got 0");
        assertThat(assertThrows(PairvizException.class, () -> SceneSpec.of(200, 1, 64, 0)).getMessage())
                .isEqualTo("classes 200 with up to 4 signatures each and distractor pool 20 may need 820"
                        + " distinct objects, but only 600 shape x colour x texture combinations exist:"
                        + " use fewer classes or signatures");
        assertThat(assertThrows(PairvizException.class,
                () -> new SceneSpec(2, 1, 64, 0, 3, 4, 2, 1, 3, 0.1, 0.2)).getMessage())
                .isEqualTo("distractor pool (2) must be at least the most distractors per image (3)");
    }
}

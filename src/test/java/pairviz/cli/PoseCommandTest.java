package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.data.scenes.LabelMap;
import pairviz.testutil.Fixtures;

/** {@code pairviz pose} on a hand-made two-image case and on scenes. */
class PoseCommandTest {
    @TempDir Path tmp;

    static final String[] VIT = {"--weights", Fixtures.fixture("vit_tiny.pth").toString(), "--heads", "4"};

    @Test
    void twoImagesEachOthersTopMatchGiveTheirHistogramDotProduct() throws IOException {
        Path data = tmp.resolve("data");
        Path seg = tmp.resolve("seg");
        writeImage(data.resolve("x/a.png"), 1);
        writeImage(data.resolve("y/b.jpg"), 2);
        // A: 3 pixels of class 1, 4 of class 2 -> (3, 4) / 5; B: 5 pixels of class 2 -> (0, 1); dot = 0.8
        LabelMap a = new LabelMap(8, 8);
        for (int i = 0; i < 3; i++) {
            a.set(i, 0, 1);
        }
        for (int i = 0; i < 4; i++) {
            a.set(i, 5, 2);
        }
        LabelMap b = new LabelMap(6, 5);
        for (int i = 0; i < 5; i++) {
            b.set(i, 2, 2);
        }
        Files.createDirectories(seg.resolve("x"));
        Files.createDirectories(seg.resolve("y"));
        a.write(seg.resolve("x/a.png"));
        b.write(seg.resolve("y/b.png")); // the map of b.jpg
        Path json = tmp.resolve("p.json");
        Path png = tmp.resolve("p.png");
        CliRunner.Result r = CliRunner.run(EmbedCommandTest.concat(new String[] {"pose", "--data", data.toString(), "--subset", "all",
                "--segmentation", seg.toString(), "--top", "1", "--out", png.toString(), "--json", json.toString()}, VIT));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode curve = new ObjectMapper().readTree(json.toFile()).get("curves").get(0);
        assertThat(curve.get("queries").asInt()).isEqualTo(2);
        assertThat(curve.get("mean_dot")).hasSize(1);
        assertThat(curve.get("mean_dot").get(0).asDouble()).isCloseTo(0.8, within(1e-12));
        BufferedImage chart = ImageIO.read(png.toFile());
        assertThat(chart.getWidth()).isGreaterThan(300);
    }

    @Test
    void scenesBringTheirOwnLabelMapsAndTwoModelsGiveTwoCurves() throws IOException {
        Path scenes = tmp.resolve("scenes");
        assertThat(CliRunner.run("data", "scenes", "--out", scenes.toString(), "--classes", "3", "--per-class", "3",
                "--size", "32", "--seed", "2").exitCode()).isZero();
        Path json = tmp.resolve("p.json");
        // with every image a query and all 8 others ranked (--top 8), the mean of a curve over its ranks
        // is the mean over ordered pairs of distinct images of their histogram dot product, whatever
        // order a model ranks them in: worked out here from the scenes' own label maps
        CliRunner.Result r = CliRunner.run(EmbedCommandTest.concat(new String[] {"pose", "--data", scenes.toString(), "--subset", "all",
                "--weights2", Fixtures.fixture("resnet_tiny.pth").toString(), "--size2", "64", "--top", "8",
                "--out", tmp.resolve("p.png").toString(), "--json", json.toString()}, VIT));
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<double[]> h = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 3; i++) {
                h.add(unitHistogram(LabelMap.fromImage(ImageIO.read(scenes.resolve("segmentation/" + c + "/" + i + ".png").toFile()))));
            }
        }
        double sum = 0;
        for (int q = 0; q < 9; q++) {
            for (int g = 0; g < 9; g++) {
                if (g != q) {
                    for (int k = 0; k < h.get(q).length; k++) {
                        sum += h.get(q)[k] * h.get(g)[k];
                    }
                }
            }
        }
        double expected = sum / (9 * 8);
        assertThat(expected).isBetween(0.05, 0.95); // the scenes' maps differ, so the check has teeth
        JsonNode curves = new ObjectMapper().readTree(json.toFile()).get("curves");
        assertThat(curves).hasSize(2);
        for (JsonNode c : curves) {
            assertThat(c.get("queries").asInt()).isEqualTo(9);
            assertThat(c.get("mean_dot")).hasSize(8);
            double mean = 0;
            for (JsonNode v : c.get("mean_dot")) {
                mean += v.asDouble() / 8;
            }
            assertThat(mean).isCloseTo(expected, within(1e-9));
        }
    }

    /** Pixels per label (background 0 left out), scaled to unit length. */
    private static double[] unitHistogram(LabelMap map) {
        double[] counts = new double[256];
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                if (map.get(x, y) > 0) {
                    counts[map.get(x, y)]++;
                }
            }
        }
        double norm = Math.sqrt(java.util.Arrays.stream(counts).map(v -> v * v).sum());
        return java.util.Arrays.stream(counts).map(v -> norm == 0 ? 0 : v / norm).toArray();
    }

    @Test
    void aDatasetWithoutLabelMapsNeedsSegmentation() throws IOException {
        Path data = tmp.resolve("data");
        writeImage(data.resolve("x/a.png"), 1);
        writeImage(data.resolve("y/b.png"), 2);
        CliRunner.Result r = CliRunner.run(EmbedCommandTest.concat(new String[] {"pose", "--data", data.toString(), "--subset", "all",
                "--out", tmp.resolve("p.png").toString()}, VIT));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).isEqualTo("pairviz: --segmentation DIR is needed: " + data
                + " is not a scenes folder with label maps of its own");
        r = CliRunner.run(EmbedCommandTest.concat(new String[] {"pose", "--data", data.toString(), "--subset", "all",
                "--segmentation", tmp.toString(), "--out", tmp.resolve("p.png").toString()}, VIT));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).isEqualTo("pairviz: label map not found: " + tmp.resolve("x/a.png"));
        assertThat(tmp.resolve("p.png")).doesNotExist();
    }

    private static void writeImage(Path file, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(seed);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                img.setRGB(x, y, rnd.nextInt(0x1000000));
            }
        }
        ImageIO.write(img, file.toString().endsWith(".jpg") ? "jpg" : "png", file.toFile());
    }
}

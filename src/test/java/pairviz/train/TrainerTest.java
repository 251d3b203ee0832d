package pairviz.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;
import pairviz.data.Dataset;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.model.vit.VitConfig;
import pairviz.model.weights.Checkpoints;
import pairviz.model.weights.StateDict;
import pairviz.model.weights.Tensor;

class TrainerTest {

    @TempDir
    Path dir;

    private static final int[][] COLOURS = {{220, 30, 30}, {30, 200, 40}, {40, 60, 230}, {230, 230, 40}};

    /** Four classes of noisy solid colours, 6 images each, 24 x 24 PNG: trivially separable. */
    private Path colours() throws IOException {
        Path root = dir.resolve("colours");
        Random random = new Random(1);
        for (int c = 0; c < COLOURS.length; c++) {
            Path cls = Files.createDirectories(root.resolve("c" + c));
            for (int i = 0; i < 6; i++) {
                BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 24; y++) {
                    for (int x = 0; x < 24; x++) {
                        int r = clamp(COLOURS[c][0] + random.nextInt(61) - 30);
                        int g = clamp(COLOURS[c][1] + random.nextInt(61) - 30);
                        int b = clamp(COLOURS[c][2] + random.nextInt(61) - 30);
                        img.setRGB(x, y, r << 16 | g << 8 | b);
                    }
                }
                ImageIO.write(img, "png", cls.resolve(i + ".png").toFile());
            }
        }
        return root;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** vit-tiny at 16 x 16 (patch 8: a 2 x 2 grid), 2 heads (not width / 64: only metadata can say). */
    private static final VitConfig TINY = new VitConfig(16, 8, 32, 1, 2, 64, 16, VitConfig.Pooling.MEAN);

    private static TrainConfig config(Path data, LossKind loss, int iterations, double lr) {
        return TrainConfig.builder().setData(List.of(data)).setFormat("folders").setModel(TINY).optSplit("images:0.5")
                .optLoss(loss).optIterations(iterations).optBatch(4, 3).optLr(lr).optSeed(3).build();
    }

    private static Dataset read(TrainConfig c) {
        return c.readDataset();
    }

    /** Records losses and lines. */
    private static final class Recorder implements TrainListener {
        final List<Float> losses = Collections.synchronizedList(new ArrayList<>());
        final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void stepped(int done, float loss, double lr, double imagesPerSecond) {
            losses.add(loss);
        }

        @Override
        public void warning(String line) {
            warnings.add(line);
        }
    }

    /** Nearest-neighbour labels agree with the true ones for this fraction of the rows. */
    private static final RetrievalScorer NEAREST = (e, labels) -> {
        int hits = 0;
        for (int q = 0; q < e.length; q++) {
            int best = -1;
            double bestSim = Double.NEGATIVE_INFINITY;
            for (int g = 0; g < e.length; g++) {
                if (g != q && cos(e[q], e[g]) > bestSim) {
                    bestSim = cos(e[q], e[g]);
                    best = g;
                }
            }
            hits += labels.get(best).equals(labels.get(q)) ? 1 : 0;
        }
        return Map.of("nearest_label", hits / (double) e.length);
    };

    private static double cos(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static double mean(List<Float> v) {
        return v.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
    }

    @Test
    void lossFallsOnSeparableColoursWithEachLoss() throws IOException {
        Path data = colours();
        for (LossKind loss : LossKind.values()) {
            TrainConfig c = config(data, loss, 40, 0.003);
            Recorder rec = new Recorder();
            Trainer.Result r = new Trainer(c, read(c), new RunDirectory(dir.resolve("run-" + loss.key)),
                    new Trainer.Options(2, 0, "test", NEAREST), rec).start(Integer.MAX_VALUE);
            assertThat(rec.losses).hasSize(40);
            double first = mean(rec.losses.subList(0, 5));
            double last = mean(rec.losses.subList(35, 40));
            assertThat(last).as("%s: mean loss of the last 5 vs the first 5 iterations", loss).isLessThan(0.5 * first);
            assertThat(r.metrics().get("nearest_label")).as("%s test retrieval", loss).isEqualTo(1.0);
        }
    }

    @Test
    void checkpointsFormAHistoryReadableByEmbeddingModel() throws IOException {
        TrainConfig c = config(colours(), LossKind.ARCFACE, 4, 0.003);
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        new Trainer(c, read(c), run, new Trainer.Options(2, 2, "pairviz train --test", null), TrainListener.SILENT)
                .start(Integer.MAX_VALUE);
        try (Stream<Path> files = Files.list(run.checkpoints())) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "iter-000002.json", "iter-000002.safetensors", "iter-000002.train.safetensors",
                    "iter-000004.json", "iter-000004.safetensors", "iter-000004.train.safetensors");
        }
        RunDirectory.Saved last = run.latest().orElseThrow();
        assertThat(last.iteration()).isEqualTo(4);
        assertThat(last.manifest().iteration()).isEqualTo(4);
        assertThat(last.manifest().command()).isEqualTo("pairviz train --test");
        assertThat(last.manifest().weights()).isEqualTo("checkpoints/iter-000004.safetensors");
        assertThat(last.manifest().config()).isEqualTo(c);
        // the file holds what the record says, key for key
        assertThat(RunDirectory.readJson(run.manifest(4))).containsEntry("iteration", 4)
                .containsEntry("command", "pairviz train --test").containsEntry("train_state", "checkpoints/iter-000004.train.safetensors");
        assertThat(Manifest.read(run.manifest(4))).isEqualTo(last.manifest());
        // the mean step time covers every step since the start: 4 steps cannot take longer than the run
        double stepS = last.manifest().stepSeconds();
        double elapsedS = last.manifest().elapsedSeconds();
        assertThat(stepS).isNotNegative();
        assertThat(4 * stepS).isLessThanOrEqualTo(elapsedS + 1e-3);
        // no --heads: the 2 heads come from the file's metadata (width / 64 would give 1)
        try (EmbeddingModel m = EmbeddingModel.load(run.weights(4), ModelOptions.auto())) {
            assertThat(m.config()).isEqualTo(TINY);
            // train writes the preprocessing it trained with; the loader reads it back, no --norm needed
            assertThat(m.preprocessing().norm()).isEqualTo(pairviz.image.Normalization.IMAGENET);
            assertThat(m.preprocessing().origin()).containsEntry("norm", "checkpoint metadata")
                    .containsEntry("resize", "checkpoint metadata");
            assertThat(m.reading().notes()).noneMatch(n -> n.contains("assumed"));
        }
        assertThat(Checkpoints.readSafetensorsMetadata(run.weights(2))).containsEntry("heads", "2")
                .containsEntry("pooling", "mean").containsEntry("iteration", "2");
        assertThat(Checkpoints.read(run.weights(2))).isNotEqualTo(Checkpoints.read(run.weights(4)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void aResumedRunEndsWhereTheUninterruptedRunEnds() throws IOException {
        for (LossKind loss : LossKind.values()) {
            TrainConfig c = config(colours(), loss, 6, 0.003);
            Dataset data = read(c);
            RunDirectory whole = new RunDirectory(dir.resolve("whole-" + loss.key));
            new Trainer(c, data, whole, new Trainer.Options(2, 3, "whole", null), TrainListener.SILENT)
                    .start(Integer.MAX_VALUE);
            RunDirectory split = new RunDirectory(dir.resolve("split-" + loss.key));
            Trainer.Result half = new Trainer(c, data, split, new Trainer.Options(1, 3, "half", null), TrainListener.SILENT)
                    .start(3); // killed after its checkpoint at 3
            assertThat(half.iteration()).isEqualTo(3);
            assertThat(split.latest().orElseThrow().iteration()).isEqualTo(3);
            new Trainer(c, data, split, new Trainer.Options(3, 3, "resumed", null), TrainListener.SILENT)
                    .resume(Integer.MAX_VALUE);
            assertThat(split.latest().orElseThrow().iteration()).isEqualTo(6);
            assertClose(Checkpoints.read(split.weights(6)), Checkpoints.read(whole.weights(6)), loss + " weights");
            assertClose(Checkpoints.read(split.trainState(6)), Checkpoints.read(whole.trainState(6)), loss + " loss/momentum");
            // and they did change over the second half
            assertThat(maxDiff(Checkpoints.read(whole.weights(3)), Checkpoints.read(whole.weights(6)))).isGreaterThan(1e-4);
        }
    }

    @Test
    void aStopRequestedDuringAStepSavesThatIterationAndResumesExactly() throws IOException {
        TrainConfig c = config(colours(), LossKind.PROXY_ANCHOR, 6, 0.003);
        Dataset data = read(c);
        RunDirectory whole = new RunDirectory(dir.resolve("whole"));
        new Trainer(c, data, whole, new Trainer.Options(2, 3, "whole", null), TrainListener.SILENT).start(Integer.MAX_VALUE);

        RunDirectory stopped = new RunDirectory(dir.resolve("stopped"));
        List<String> lines = new ArrayList<>();
        Trainer[] trainer = new Trainer[1];
        TrainListener stopAtTwo = new TrainListener() { // as a shutdown hook would, from outside the loop
            @Override
            public void stepped(int done, float loss, double lr, double imagesPerSecond) {
                if (done == 2) {
                    trainer[0].requestStop();
                }
            }

            @Override
            public void info(String line) {
                lines.add(line);
            }
        };
        trainer[0] = new Trainer(c, data, stopped, new Trainer.Options(2, 3, "stopped", null), stopAtTwo);
        Trainer.Result r = trainer[0].start(Integer.MAX_VALUE);
        // iteration 2 is not a checkpoint iteration (every 3), yet it is saved
        assertThat(r.iteration()).isEqualTo(2);
        assertThat(r.metrics()).isEmpty();
        assertThat(stopped.latest().orElseThrow().iteration()).isEqualTo(2);
        assertThat(lines).contains("stopped at iteration 2 (saved); resuming the run continues it");

        new Trainer(c, data, stopped, new Trainer.Options(2, 3, "resumed", null), TrainListener.SILENT)
                .resume(Integer.MAX_VALUE);
        assertClose(Checkpoints.read(stopped.weights(6)), Checkpoints.read(whole.weights(6)), "weights");
        assertClose(Checkpoints.read(stopped.trainState(6)), Checkpoints.read(whole.trainState(6)), "train state");
    }

    private static double maxDiff(StateDict a, StateDict b) {
        double max = 0;
        for (String name : a.names()) {
            float[] x = a.get(name).data();
            float[] y = b.get(name).data();
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        return max;
    }

    private static void assertClose(StateDict actual, StateDict expected, String what) {
        assertThat(actual.names()).as(what).containsExactlyElementsOf(expected.names());
        for (String name : expected.names()) {
            Tensor e = expected.get(name);
            Tensor a = actual.get(name);
            assertThat(a.shape()).as(name).isEqualTo(e.shape());
            for (int i = 0; i < e.data().length; i++) {
                assertThat((double) a.data()[i]).as("%s %s[%d]", what, name, i)
                        .isCloseTo(e.data()[i], org.assertj.core.api.Assertions.within(1e-5 + 1e-4 * Math.abs(e.data()[i])));
            }
        }
    }

    @Test
    void aCorruptImageIsReportedWithItsPathSkippedAndCounted() throws IOException {
        Path data = colours();
        Path bad = data.resolve("c1").resolve("0.png"); // in the train half of class c1
        Files.write(bad, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        TrainConfig c = config(data, LossKind.ARCFACE, 12, 0.003);
        Recorder rec = new Recorder();
        new Trainer(c, read(c), new RunDirectory(dir.resolve("run")), new Trainer.Options(2, 0, "t", null), rec)
                .start(Integer.MAX_VALUE);
        assertThat(rec.losses).hasSize(12);
        assertThat(rec.warnings).hasSize(1);
        assertThat(rec.warnings.get(0)).startsWith("skipped (left out of training): cannot read image " + bad);
        Manifest manifest = new RunDirectory(dir.resolve("run")).latest().orElseThrow().manifest();
        assertThat(manifest.unreadableImages()).isEqualTo(List.of(bad.toString()));
    }

    @Test
    void refusesToStartOverAnExistingRunAndToResumeNothing() throws IOException {
        TrainConfig c = config(colours(), LossKind.ARCFACE, 1, 0.003);
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        new Trainer(c, read(c), run, new Trainer.Options(1, 0, "t", null), TrainListener.SILENT).start(Integer.MAX_VALUE);
        assertThatThrownBy(() -> new Trainer(c, read(c), run, new Trainer.Options(1, 0, "t", null), TrainListener.SILENT)
                .start(Integer.MAX_VALUE))
                .isInstanceOf(PairvizException.class)
                .hasMessage(run.root() + " already holds a training run: continue it with resume, or choose another out");
        RunDirectory empty = new RunDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> new Trainer(c, read(c), empty, new Trainer.Options(1, 0, "t", null), TrainListener.SILENT)
                .resume(Integer.MAX_VALUE))
                .isInstanceOf(PairvizException.class)
                .hasMessage(empty.root() + " holds no training run to resume (no last.json)");
    }
}

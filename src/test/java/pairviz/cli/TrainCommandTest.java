package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.store.EmbeddingFiles;
import pairviz.store.LabelledEmbeddings;

/** {@code pairviz train} end to end on tiny scenes: both optimizers, the manifest, resume checks, errors. */
class TrainCommandTest {
    @TempDir
    Path dir;

    private Path scenes;

    @BeforeEach
    void scenes() {
        scenes = dir.resolve("scenes");
        assertThat(CliRunner.run("data", "scenes", "--out", scenes.toString(), "--classes", "4", "--per-class", "4",
                "--size", "32", "--seed", "3", "--quiet").exitCode()).isZero();
    }

    private CliRunner.Result train(String run, String... extra) {
        String[] base = {"train", "--data", scenes.toString(), "--model", "vit-tiny", "--loss", "proxy-anchor",
                "--iterations", "4", "--checkpoint-every", "2", "--batch-classes", "2", "--batch-per-class", "2",
                "--out", dir.resolve(run).toString(), "--quiet", "--threads", "1"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRunner.run(args);
    }

    @Test
    void adamWRunRecordsItsOptimizerEvaluatesAndRefusesAnotherOnResume() throws Exception {
        CliRunner.Result r = train("run", "--optimizer", "adamw", "--lr", "0.001");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("iteration 4 of 4", "recall_at_1 ", "map_at_r ");
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("run/checkpoints/iter-000004.json").toFile());
        assertThat(manifest.get("config").get("optimizer").asText()).isEqualTo("adamw");
        // the Recall@1 training reports is the one its weights give: embed the test split with them and
        // count, by hand, the test images whose nearest other image (cosine) is of their class
        Path e = dir.resolve("e.npy");
        CliRunner.Result embedded = CliRunner.run("embed", "--weights", dir.resolve("run/checkpoints/iter-000004.safetensors")
                .toString(), "--data", scenes.toString(), "--subset", "test", "--out", e.toString());
        assertThat(embedded.exitCode()).as(embedded.err()).isZero();
        LabelledEmbeddings test = EmbeddingFiles.readLabelled(e, dir.resolve("e.labels.txt"));
        assertThat(test.labels()).hasSize(8); // 2 unseen classes x 4 images
        assertThat(manifest.get("metrics").get("recall_at_1").asDouble())
                .isCloseTo(nearestNeighbourAccuracy(test.embeddings().toArray(), test.labels()), within(1e-9));
        assertThat(manifest.get("command").asText()).startsWith("pairviz train --data ").contains("--optimizer adamw");

        CliRunner.Result resumed = CliRunner.run("train", "--out", dir.resolve("run").toString(), "--resume",
                "--optimizer", "sgd", "--quiet");
        assertThat(resumed.exitCode()).isEqualTo(2);
        assertThat(resumed.problem()).isEqualTo("pairviz: --resume continues the run as it was started, but "
                + "--optimizer sgd (the run has adamw)");
    }

    /** The share of rows whose most cosine-similar other row has their label. */
    static double nearestNeighbourAccuracy(float[][] x, List<String> labels) {
        int hits = 0;
        for (int q = 0; q < x.length; q++) {
            int best = -1;
            double bestSim = Double.NEGATIVE_INFINITY;
            for (int g = 0; g < x.length; g++) {
                double sim = g == q ? Double.NEGATIVE_INFINITY : cosine(x[q], x[g]);
                if (sim > bestSim) {
                    bestSim = sim;
                    best = g;
                }
            }
            hits += labels.get(best).equals(labels.get(q)) ? 1 : 0;
        }
        return (double) hits / x.length;
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    @Test
    void theRecallTrainingReportsIsTheRecallEvaluateMeasuresOnTheSameWeightsAndData() throws Exception {
        // scenes of 4 classes at 32 x 32 images, a tiny ViT, a few steps: the test split is 2 classes of 4
        assertThat(train("agree").exitCode()).isZero();
        JsonNode trained = new ObjectMapper().readTree(dir.resolve("agree/checkpoints/iter-000004.json").toFile())
                .get("metrics");
        Path json = dir.resolve("evaluate.json");
        CliRunner.Result r = CliRunner.run("evaluate", "--weights", dir.resolve("agree/checkpoints/iter-000004.safetensors")
                .toString(), "--data", scenes.toString(), "--subset", "test", "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode evaluated = new ObjectMapper().readTree(json.toFile());
        assertThat(evaluated.get("queries").asInt()).isEqualTo(8);
        // one preprocessing and one embedding path: the same numbers, not just the same rounding
        assertThat(evaluated.get("recall_at_1").asDouble()).isEqualTo(trained.get("recall_at_1").asDouble());
        assertThat(evaluated.get("map_at_r").asDouble()).isCloseTo(trained.get("map_at_r").asDouble(), within(1e-12));
    }

    @Test
    void trainsOnSeveralDatasetsTogetherAndResumesFromTheirList() throws Exception {
        Path other = dir.resolve("scenes-5");
        assertThat(CliRunner.run("data", "scenes", "--out", other.toString(), "--classes", "4", "--per-class", "4",
                "--size", "32", "--seed", "5", "--quiet").exitCode()).isZero();
        String[] args = {"train", "--data", scenes.toString(), "--data", other.toString(), "--split", "classes:0.5",
            "--model", "vit-tiny", "--loss", "proxy-anchor", "--iterations", "4", "--checkpoint-every", "2",
            "--batch-classes", "2", "--batch-per-class", "2", "--out", dir.resolve("two").toString(), "--quiet",
            "--threads", "1"};
        CliRunner.Result stopped = CliRunner.run(java.util.Arrays.copyOf(args, args.length)); // all 4 steps
        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        // 2 of each dataset's 4 classes train, 2 of each test
        assertThat(stopped.out()).contains("scenes (2 datasets): train 16 images / 4 classes, test 16 images / 4 classes");
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("two/checkpoints/iter-000004.json").toFile());
        assertThat(manifest.get("config").get("data")).extracting(JsonNode::asText)
                .containsExactly(scenes.toString(), other.toString());
        // the saved list of folders is the run's: --resume accepts it given again, and refuses another
        CliRunner.Result same = CliRunner.run("train", "--out", dir.resolve("two").toString(), "--resume",
                "--data", scenes.toString(), "--data", other.toString(), "--quiet");
        assertThat(same.exitCode()).as(same.err()).isZero();
        CliRunner.Result one = CliRunner.run("train", "--out", dir.resolve("two").toString(), "--resume",
                "--data", scenes.toString(), "--quiet");
        assertThat(one.exitCode()).isEqualTo(2);
        assertThat(one.problem()).startsWith("pairviz: --resume continues the run as it was started, but --data ");
    }

    @Test
    void datasetsOfDifferentFormatsAreRefused() {
        CliRunner.Result r = train("mixed", "--data", scenes.resolve("images").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).isEqualTo("pairviz: the --data folders have different formats (scenes, folders); "
                + "datasets read together must have one format");
    }

    @Test
    void anUnknownOptimizerIsOneLine() {
        CliRunner.Result r = train("bad", "--optimizer", "adam");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).isEqualTo("pairviz: Invalid value for option '--optimizer': unknown optimizer 'adam': "
                + "use sgd or adamw (see 'pairviz train --help')");
    }
}

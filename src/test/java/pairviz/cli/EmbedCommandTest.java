package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.store.EmbeddingFiles;
import pairviz.store.LabelledEmbeddings;
import pairviz.eval.Retrieval;
import pairviz.testutil.Fixtures;

/** {@code embed} writes matrix, labels and paths; {@code evaluate --weights --data} agrees with it. */
class EmbedCommandTest {
    @TempDir Path tmp;

    @Test
    void embedThenEvaluateEqualsEvaluatingOnTheFly() throws Exception {
        Path scenes = tmp.resolve("scenes");
        assertThat(CliRunner.run("data", "scenes", "--out", scenes.toString(), "--classes", "4", "--per-class", "3",
                "--size", "32", "--seed", "5").exitCode()).isZero();
        String[] model = {"--weights", Fixtures.fixture("vit_tiny.pth").toString(), "--heads", "4"};
        Path out = tmp.resolve("e.npy");
        CliRunner.Result r = CliRunner.run(concat(new String[] {"embed", "--data", scenes.toString(), "--subset", "all",
                "--out", out.toString()}, model));
        assertThat(r.exitCode()).as(r.err()).isZero();
        LabelledEmbeddings e = EmbeddingFiles.readLabelled(out, tmp.resolve("e.labels.txt"));
        assertThat(e.embeddings().rows()).isEqualTo(12);
        assertThat(e.embeddings().cols()).isEqualTo(24);
        assertThat(Files.readAllLines(tmp.resolve("e.paths.txt"))).hasSize(12).allMatch(p -> p.endsWith(".png"));
        assertThat(tmp.resolve("e.parts")).doesNotExist();

        Path json = tmp.resolve("m.json");
        r = CliRunner.run(concat(new String[] {"evaluate", "--data", scenes.toString(), "--subset", "all",
                "--json", json.toString()}, model));
        assertThat(r.exitCode()).as(r.err()).isZero();
        double onTheFly = new ObjectMapper().readTree(json.toFile()).get("map_at_r").asDouble();
        assertThat(onTheFly).isEqualTo(Retrieval.evaluate(e.embeddings(), e.labels(), 1).mapAtR());
    }

    /**
     * Issue 23's case: a run of {@code --subset train} killed after saving its chunks, then the
     * same command with {@code --subset test} (as many images): refused, naming what differs,
     * instead of reusing the other run's rows. The command it was killed in resumes from them.
     */
    @Test
    void aKilledRunIsResumedOnlyWithTheSameSettings() throws Exception {
        Path scenes = tmp.resolve("scenes");
        assertThat(CliRunner.run("data", "scenes", "--out", scenes.toString(), "--classes", "4", "--per-class", "3",
                "--size", "32", "--seed", "5").exitCode()).isZero();
        Path out = tmp.resolve("e.npy");
        String[] train = {"embed", "--data", scenes.toString(), "--subset", "train", "--out", out.toString(),
            "--weights", Fixtures.fixture("vit_tiny.pth").toString(), "--heads", "4"};
        Path parts = killedRun(train);
        // the saved rows are marked, to tell a resumed row from a recomputed one
        Path chunk = parts.resolve("chunk-000000.json");
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(chunk.toFile());
        var row = (com.fasterxml.jackson.databind.node.ArrayNode) json.get("rows").get(0);
        for (int i = 0; i < row.size(); i++) {
            row.set(i, 0.5f);
        }
        new ObjectMapper().writeValue(chunk.toFile(), json);

        String[] test = train.clone();
        test[4] = "test";
        CliRunner.Result r = CliRunner.run(test);
        assertThat(r.exitCode()).isEqualTo(2);
        // one line, after the notes on the subset taken and the preprocessing assumed
        List<String> said = r.err().lines().toList();
        assertThat(said.get(said.size() - 1)).startsWith("pairviz: " + parts + " holds the saved work of another run (--subset train, now test; "
                + "images 6 images, sha256 ").endsWith("): delete it to start afresh");
        assertThat(said.subList(0, said.size() - 1)).as(r.err())
                .allMatch(l -> l.contains("--subset all takes them all") || l.contains("nothing in the model says how to preprocess"));
        assertThat(out).doesNotExist();

        String[] pooling = concat(train, new String[] {"--pooling", "cls"});
        r = CliRunner.run(pooling);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("(network ").contains("--pooling default, now cls");

        r = CliRunner.run(train);
        assertThat(r.exitCode()).as(r.err()).isZero();
        LabelledEmbeddings e = EmbeddingFiles.readLabelled(out, tmp.resolve("e.labels.txt"));
        assertThat(e.embeddings().rows()).isEqualTo(6);
        assertThat(e.embeddings().row(0)).containsOnly(0.5f);
        assertThat(parts).doesNotExist();
    }

    /** The work folder an {@code embed} command leaves when killed after its chunks were saved. */
    private static Path killedRun(String... args) {
        picocli.CommandLine cl = Main.commandLine();
        picocli.CommandLine.ParseResult parsed = cl.parseArgs(args);
        EmbedCommand c = parsed.subcommand().commandSpec().commandLine().getCommand();
        Path work = EmbedCommand.workFolder(c.out);
        try (pairviz.loading.EmbeddingModel m = c.model.load()) {
            new pairviz.gallery.DatasetEmbedder(m, m.preprocessing(), 2, EmbedCommand.CHUNK).embed(c.data.samples(), work,
                    EmbedCommand.settings(c.spec, m), pairviz.util.ProgressListener.NONE);
        }
        return work;
    }

    @Test
    void evaluateNeedsOneSourceOfEmbeddings() {
        CliRunner.Result r = CliRunner.run("evaluate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).isEqualTo("pairviz: give --embeddings and --labels, or --weights and --data");
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

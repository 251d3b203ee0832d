package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.eval.EmbeddingFiles;
import pairviz.eval.LabelledEmbeddings;
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

    @Test
    void evaluateNeedsOneSourceOfEmbeddings() {
        CliRunner.Result r = CliRunner.run("evaluate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("pairviz: give --embeddings and --labels, or --weights and --data");
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

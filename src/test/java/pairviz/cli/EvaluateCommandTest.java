package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.store.EmbeddingFiles;
import pairviz.store.FloatMatrix;
import pairviz.store.LabelledEmbeddings;
import picocli.CommandLine;

class EvaluateCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The one-set example of RetrievalTest: R@1 0.4, R@2 0.8, R@4 1, MAP@R 0.35, R-prec 0.4. */
    @BeforeEach
    void writeExample() {
        EmbeddingFiles.writeLabelled(dir.resolve("e.npy"), dir.resolve("l.txt"), new LabelledEmbeddings(
                FloatMatrix.of(new float[][] {{1, 0}, {1, 0}, {0, 1}, {1, 1}, {-1, 0}, {0, 0}}),
                List.of("A", "B", "A", "A", "C", "B")));
    }

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void printsATableAndWritesJson() throws Exception {
        int code = run("evaluate", "--embeddings", p("e.npy"), "--labels", p("l.txt"), "--k", "2,4", "--json", p("m.json"));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains(
                "queries      5 (skipped 1 with no other item of their label)",
                "Recall@1     0.4000", "Recall@2     0.8000", "Recall@4     1.0000",
                "MAP@R        0.3500", "R-precision  0.4000");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("m.json").toFile());
        assertThat(json.get("recall_at_1").asDouble()).isEqualTo(0.4);
        assertThat(json.get("map_at_r").asDouble()).isEqualTo(0.35, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(json.get("r_precision").asDouble()).isEqualTo(0.4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(json.get("queries").asInt()).isEqualTo(5);
        assertThat(json.get("skipped").asInt()).isEqualTo(1);
        assertThat(json.get("recall_at_k").fieldNames()).toIterable().containsExactly("1", "2", "4");
        assertThat(json.get("recall_at_k").get("2").asDouble()).isEqualTo(0.8);
    }

    @Test
    void separateGallery() throws Exception {
        // The example of RetrievalTest.separateGallery: R@1 2/3, MAP@R 7/12, R-prec 2/3.
        EmbeddingFiles.writeLabelled(dir.resolve("q.npy"), dir.resolve("ql.txt"), new LabelledEmbeddings(
                FloatMatrix.of(new float[][] {{2, 0}, {0, 3}, {1, 0}, {-1, -1}}), List.of("A", "A", "C", "B")));
        EmbeddingFiles.writeLabelled(dir.resolve("g.npy"), dir.resolve("gl.txt"), new LabelledEmbeddings(
                FloatMatrix.of(new float[][] {{1, 0}, {0, 1}, {1, 1}, {-1, 0}}), List.of("A", "B", "A", "B")));
        int code = run("evaluate", "--embeddings", p("q.npy"), "--labels", p("ql.txt"),
                "--gallery", p("g.npy"), "--gallery-labels", p("gl.txt"), "--json", p("m.json"));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("queries      3 (skipped 1 with no gallery item of their label)",
                "Recall@1     0.6667", "MAP@R        0.5833");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("m.json").toFile());
        assertThat(json.get("map_at_r").asDouble()).isEqualTo(7 / 12.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(json.get("recall_at_k").fieldNames()).toIterable().containsExactly("1", "2", "4", "8");
    }

    @Test
    void badInputExitsWithOneLineAndNoJson() throws Exception {
        assertThat(run("evaluate", "--embeddings", p("e.npy"), "--labels", p("l.txt"), "--gallery", p("e.npy"),
                "--json", p("m.json"))).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("pairviz: --gallery and --gallery-labels go together: give both or neither" + System.lineSeparator());

        err.getBuffer().setLength(0);
        assertThat(run("evaluate", "--embeddings", p("e.npy"), "--labels", p("l.txt"), "--k", "1,0")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("pairviz: --k: every K must be a positive integer, got 0");

        err.getBuffer().setLength(0);
        Files.writeString(dir.resolve("short.txt"), "A\nB\n");
        assertThat(run("evaluate", "--embeddings", p("e.npy"), "--labels", p("short.txt"), "--json", p("m.json")))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("pairviz: " + p("short.txt") + " has 2 labels but " + p("e.npy") + " has 6 rows");

        err.getBuffer().setLength(0);
        Files.writeString(dir.resolve("distinct.txt"), "a\nb\nc\nd\ne\nf\n");
        assertThat(run("evaluate", "--embeddings", p("e.npy"), "--labels", p("distinct.txt"), "--json", p("m.json")))
                .isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("pairviz: no query in " + p("distinct.txt")
                + " has another item of its label: nothing to evaluate");
        assertThat(dir.resolve("m.json")).doesNotExist();
    }
}

package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.testutil.Fixtures;

/** Output a script can use: {@code --json -}, devices left devices, one line per pair, retrieve's ranked list. */
class ScriptOutputTest {
    @TempDir Path tmp;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] VIT = {"--weights", Fixtures.fixture("vit_tiny.pth").toString(), "--heads", "4"};

    static String fx(String name) {
        return Fixtures.fixture(name).toString();
    }

    @Test
    void explainJsonDashIsOneJsonDocumentOnStdout() throws Exception {
        StdoutCapture.Result r = StdoutCapture.run(FlatFoldersCommandTest.with(VIT, "explain", "--json", "-",
                fx("blob0_32.png"), fx("blob1_32.png"), "--out", tmp.resolve("o").toString()));
        assertThat(r.cli().exitCode()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.stdout()); // the whole of stdout is the document
        assertThat(doc.get("score").isNumber()).isTrue();
        assertThat(r.err()).contains("score ").contains("pictures in");
        assertThat(tmp.resolve("-")).doesNotExist();
    }

    @Test
    void jsonOnDevNullLeavesItADevice() throws Exception {
        Path devNull = Path.of("/dev/null");
        assumeThat(Files.exists(devNull)).isTrue();
        StdoutCapture.Result r = StdoutCapture.run(FlatFoldersCommandTest.with(VIT, "explain", "--json", "/dev/null",
                "--no-pictures", fx("blob0_32.png"), fx("blob1_32.png")));
        assertThat(r.cli().exitCode()).as(r.err()).isZero();
        int mode = (Integer) Files.getAttribute(devNull, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        assertThat(mode & 0170000).isEqualTo(0020000); // still a character device
    }

    @Test
    void pairsPrintOneLinePerPairAndExplainEveryGoodLine() throws Exception {
        Path pairs = tmp.resolve("pairs.txt");
        byte[] nul = (fx("blob0_32.png") + " " + fx("blob1_32.png") + "\n"
                + fx("blob0_32.png") + "\0x " + fx("blob1_32.png") + "\n"
                + fx("blob0_32.png") + " " + tmp.resolve("missing.png") + "\n"
                + fx("blob2_32.png") + " " + fx("blob1_32.png") + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(pairs, nul);
        StdoutCapture.Result r = StdoutCapture.run(FlatFoldersCommandTest.with(VIT, "explain", "--pairs",
                pairs.toString(), "--json", "-", "--no-pictures", "--mode", "conservative"));
        assertThat(r.cli().exitCode()).isEqualTo(2);
        // the failure: one line on stderr besides the per-pair lines for people (A, B, score, mode; tab-separated)
        String failure = CliRunner.withoutNotes(String.join("\n", r.cli().err().lines().filter(l -> !l.contains("\t")).toList()));
        assertThat(failure).doesNotContain("\n").contains("2 lines failed").contains("line 2: ").contains("NUL")
                .contains("line 3: ").contains("the 2 other pairs were explained");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.text().split("\n")) {
            lines.add(JSON.readTree(line)); // stdout is JSON lines only
        }
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).get("line").asInt()).isEqualTo(1);
        assertThat(lines.get(1).get("line").asInt()).isEqualTo(4);
        assertThat(lines.get(2).get("line").asInt()).isEqualTo(2);
        assertThat(lines.get(2).get("error").asText()).contains("NUL");
        assertThat(lines.get(3).get("line").asInt()).isEqualTo(3);
        // the lines for people, on stderr as stdout carries the JSON: A, B, score, mode
        List<String> said = r.err().lines().filter(l -> l.contains("\t")).toList();
        assertThat(said).hasSize(2);
        String[] f = said.get(0).split("\t");
        assertThat(f).hasSize(4);
        assertThat(f[0]).isEqualTo(fx("blob0_32.png"));
        assertThat(Double.parseDouble(f[2])).isEqualTo(lines.get(0).get("score").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(f[3]).isEqualTo("conservative");

        // without --json -, the per-pair lines go to stdout
        r = StdoutCapture.run(FlatFoldersCommandTest.with(VIT, "explain", "--pairs", pairs.toString(), "--json",
                tmp.resolve("p.jsonl").toString(), "--no-pictures"));
        assertThat(r.text().lines().filter(l -> l.split("\t").length == 4)).hasSize(2);
    }

    @Test
    void manyBadLinesGiveOneBoundedLine() throws Exception {
        StringBuilder sb = new StringBuilder(fx("blob0_32.png") + " " + fx("blob1_32.png") + "\n");
        for (int i = 0; i < 500; i++) {
            sb.append("only-one-field-").append(i).append('\n');
        }
        Path pairs = tmp.resolve("pairs.txt");
        Files.writeString(pairs, sb);
        StdoutCapture.Result r = StdoutCapture.run(FlatFoldersCommandTest.with(VIT, "explain", "--pairs",
                pairs.toString(), "--json", tmp.resolve("p.jsonl").toString(), "--no-pictures"));
        assertThat(r.cli().exitCode()).isEqualTo(2);
        assertThat(r.cli().problem()).doesNotContain("\n").contains("500 lines failed").contains("and 495 more");
        assertThat(r.cli().err().length()).isLessThan(1000);
        assertThat(Files.readAllLines(tmp.resolve("p.jsonl"))).hasSize(501); // every bad line named in the JSON
    }

    @Test
    void pairsOnAFifoIsRefusedAtOnceAsAnImageIs() throws Exception {
        Path fifo = tmp.resolve("fifo");
        assumeThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CliRunner.Result r = CompletableFuture.supplyAsync(() -> CliRunner.run(FlatFoldersCommandTest.with(VIT,
                "explain", "--pairs", fifo.toString(), "--no-pictures", "--json", tmp.resolve("j").toString())))
                .get(60, TimeUnit.SECONDS);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.problem()).doesNotContain("\n").contains("not a regular file");
        CliRunner.Result image = CliRunner.run(FlatFoldersCommandTest.with(VIT, "explain", fifo.toString(),
                fx("blob0_32.png"), "--no-pictures", "--json", tmp.resolve("k").toString()));
        assertThat(image.exitCode()).isEqualTo(2);
    }

    @Test
    void retrievePrintsItsRankedListAlsoAsJsonLines() throws Exception {
        Path gallery = tmp.resolve("g");
        for (int c = 0; c < 2; c++) {
            Files.createDirectories(gallery.resolve("c" + c));
            Files.copy(Fixtures.fixture("blob" + c + "_32.png"), gallery.resolve("c" + c).resolve("a.png"));
        }
        Files.copy(Fixtures.fixture("blob2_32.png"), gallery.resolve("c1").resolve("b.png"));
        StdoutCapture.Result r = StdoutCapture.run(FlatFoldersCommandTest.with(VIT, "retrieve", fx("blob0_32.png"),
                "--gallery", gallery.toString(), "--top", "3", "--label", "c0", "--out", tmp.resolve("r.png").toString(),
                "--jsonl", "-"));
        assertThat(r.cli().exitCode()).as(r.err()).isZero();
        List<String> json = r.text().lines().toList();
        assertThat(json).hasSize(3);
        double previous = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            JsonNode m = JSON.readTree(json.get(i));
            assertThat(m.get("rank").asInt()).isEqualTo(i + 1);
            assertThat(m.get("score").asDouble()).isLessThanOrEqualTo(previous);
            previous = m.get("score").asDouble();
            assertThat(Path.of(m.get("path").asText())).isRegularFile();
        }
        List<String> said = r.err().lines().filter(l -> l.contains("\t")).toList();
        assertThat(said).hasSize(3);
        assertThat(said.get(0)).startsWith("1\t").contains("\tc");

        // without --jsonl -: the list on stdout
        r = StdoutCapture.run(FlatFoldersCommandTest.with(VIT, "retrieve", fx("blob0_32.png"), "--gallery",
                gallery.toString(), "--top", "2", "--out", tmp.resolve("r2.png").toString()));
        assertThat(r.text().lines().filter(l -> l.split("\t").length == 4)).hasSize(2);
    }
}

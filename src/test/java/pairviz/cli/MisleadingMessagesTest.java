package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.model.Engines;
import pairviz.testutil.Fixtures;

/**
 * Issue 23, "messages that mislead": each refusal says what is wrong in the user's words, in one
 * bounded line, exit 2; informational lines are silenced by {@code --quiet}. The TorchScript
 * fixtures script_raises.pt and script_badjson.pt are made by src/test/python/make_message_fixtures.py.
 */
class MisleadingMessagesTest {
    @TempDir Path tmp;

    private static String a;
    private static String b;

    @BeforeAll
    static void engine() {
        Engines.pytorch(); // starts the engine (and its log lines) before any output is captured
        a = Fixtures.fixture("blob0_32.png").toString();
        b = Fixtures.fixture("blob1_32.png").toString();
    }

    private CliRunner.Result explain(String weights, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("explain", "--weights", weights, "--no-pictures",
                "--json", tmp.resolve("out.json").toString()));
        args.addAll(List.of(extra));
        if (!args.contains("--pairs")) {
            args.addAll(List.of(a, b));
        }
        return CliRunner.run(args.toArray(String[]::new));
    }

    /** The one line the refusal printed (the only line on stderr that is not a note on assumed preprocessing). */
    private static String refusal(CliRunner.Result r) {
        List<String> lines = r.err().lines().filter(l -> !l.contains("nothing in the model says how to preprocess")).toList();
        assertThat(lines).as(r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ", "internal error");
        return lines.get(0);
    }

    @Test
    void tenThousandBadPairsLinesGiveOneBoundedLineAndEveryLineInTheJson() throws IOException {
        StringBuilder pairs = new StringBuilder(a + " " + b + "\n");
        for (int i = 1; i <= 10_000; i++) {
            pairs.append(tmp.resolve("missing_" + i + ".png")).append(' ').append(b).append('\n');
        }
        Path file = Files.writeString(tmp.resolve("pairs.txt"), pairs);
        CliRunner.Result r = explain(Fixtures.fixture("vit_tiny.safetensors").toString(), "--pairs", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        String line = refusal(r);
        assertThat(line.length()).as(line).isLessThan(1000);
        assertThat(line).startsWith("pairviz: pairs file " + file + ": 10000 lines failed (line 2: image "
                + tmp.resolve("missing_1.png") + " does not exist; ")
                .endsWith("; and 9995 more); the other pair was explained");
        List<String> json = Files.readAllLines(tmp.resolve("out.json"));
        assertThat(json).hasSize(10_001);
        assertThat(json.get(10_000)).contains("\"line\":10001", "missing_10000.png");
    }

    @Test
    void aDeviceAsWeightsIsNamedAsOne() {
        CliRunner.Result r = explain("/dev/zero");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(refusal(r)).isEqualTo("pairviz: checkpoint /dev/zero is not a regular file: it is a character device");
    }

    @Test
    void aForwardThatRaisesIsReportedByItsErrorWithoutAGuessAtTheInputSize() {
        CliRunner.Result r = explain(Fixtures.fixture("script_raises.pt").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(refusal(r)).isEqualTo("pairviz: checkpoint script_raises.pt: its forward fails on a batch of "
                + "2 x 3 x 8 x 8 images (RuntimeError: this network refuses every input)");
    }

    @Test
    void aShapeMismatchKeepsTheInputSizeHint() {
        CliRunner.Result r = explain(Fixtures.fixture("script_vit.pt").toString(), "--size", "48");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(refusal(r)).isEqualTo("pairviz: checkpoint script_vit.pt: its forward fails on a batch of "
                + "2 x 3 x 48 x 48 images (RuntimeError: The size of tensor a (37) must match the size of tensor b (17) "
                + "at non-singleton dimension 1); is 48 its input size? Give it with --size, or record image_size in "
                + "the archive's pairviz.json (docs/models.md)");
    }

    @Test
    void aFakeTorchScriptArchiveIsRefusedAsDamaged() throws IOException {
        // script_flat.pt with its data.pkl replaced by a pickled int (pickle.dumps(3, protocol=2)):
        // TorchScript's layout, but libtorch fails its own "isObject() INTERNAL ASSERT"
        Path fake = tmp.resolve("fake.pt");
        byte[] pickledInt = {(byte) 0x80, 2, 'K', 3, '.'};
        try (ZipFile zin = new ZipFile(Fixtures.fixture("script_flat.pt").toFile());
                OutputStream out = Files.newOutputStream(fake);
                ZipOutputStream zout = new ZipOutputStream(out)) {
            for (ZipEntry e : java.util.Collections.list(zin.entries())) {
                byte[] data;
                try (InputStream in = zin.getInputStream(e)) {
                    data = e.getName().endsWith("/data.pkl") ? pickledInt : in.readAllBytes();
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(data.length);
                copy.setCompressedSize(data.length);
                CRC32 crc = new CRC32();
                crc.update(data);
                copy.setCrc(crc.getValue());
                zout.putNextEntry(copy);
                zout.write(data);
                zout.closeEntry();
            }
        }
        CliRunner.Result r = explain(fake.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(refusal(r)).isEqualTo("pairviz: checkpoint fake.pt is a damaged TorchScript archive: its records are "
                + "not what TorchScript expects (Expected Object but got Int); export it again with torch.jit.save");
    }

    @Test
    void brokenJsonInAnArchiveSaysWhereWithoutJacksonsSourceNote() {
        CliRunner.Result r = explain(Fixtures.fixture("script_badjson.pt").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(refusal(r)).isEqualTo("pairviz: checkpoint script_badjson.pt: its extra file pairviz.json is not valid "
                + "JSON (Unexpected character (',' (code 44)): was expecting double-quote to start field name, "
                + "at line 2, column 19)");
    }

    @Test
    void aHugeNumberIsEchoedCut() {
        String digits = "9".repeat(5000);
        CliRunner.Result r = explain(Fixtures.fixture("vit_tiny.safetensors").toString(), "--heads", digits);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(refusal(r)).isEqualTo("pairviz: Invalid value for option '--heads': '" + "9".repeat(40)
                + "...' is not an int (see 'pairviz explain --help')");
        // a value the library checks after parsing is cut alike
        r = explain(Fixtures.fixture("vit_tiny.safetensors").toString(), "--norm", "0.5,0.5,0.5:1,1," + digits);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(refusal(r)).isEqualTo("pairviz: --norm: bad normalisation '0.5,0.5,0.5:1,1," + "9".repeat(24)
                + "...': values must be finite numbers");
    }

    @Test
    void quietTrainingPrintsOnlyItsWarningNamingTheImageOnce() throws IOException {
        Path scenes = tmp.resolve("scenes");
        assertThat(CliRunner.run("data", "scenes", "--out", scenes.toString(), "--classes", "4", "--per-class", "4",
                "--size", "32", "--seed", "3", "--quiet").exitCode()).isZero();
        Path broken = scenes.resolve("images/3/1.png"); // in the test split (the last two classes)
        Files.writeString(broken, "x", StandardCharsets.US_ASCII);
        CliRunner.Result r = CliRunner.run("train", "--data", scenes.toString(), "--model", "vit-tiny", "--loss",
                "proxy-anchor", "--iterations", "4", "--checkpoint-every", "2", "--batch-classes", "2",
                "--batch-per-class", "2", "--out", tmp.resolve("run").toString(), "--quiet", "--threads", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err().lines()).containsExactly("warning: skipped (left out of the evaluation): cannot read image "
                + broken + ": not an image (unrecognised format)");
    }
}

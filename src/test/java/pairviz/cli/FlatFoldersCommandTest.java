package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.store.Npy;
import pairviz.testutil.Fixtures;

/** A flat folder of photos is a gallery and an unlabelled dataset; commands that need labels say so. */
class FlatFoldersCommandTest {
    @TempDir Path tmp;
    Path flat;
    static final String[] VIT = {"--weights", Fixtures.fixture("vit_tiny.pth").toString(), "--heads", "4"};

    @BeforeEach
    void photos() throws IOException {
        flat = tmp.resolve("photos");
        Files.createDirectories(flat);
        for (String f : new String[] {"blob0_32.png", "blob1_32.png", "blob2_32.png", "odd_50x37.png"}) {
            Files.copy(Fixtures.fixture(f), flat.resolve(f));
        }
    }

    static String[] with(String[] a, String... b) {
        return EmbedCommandTest.concat(b, a);
    }

    @Test
    void dataInfoSaysFlatWithoutLabels() {
        CliRunner.Result r = CliRunner.run("data", "info", flat.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("format: flat").contains("4 images without labels");
    }

    @Test
    void embedEmbedsEveryImageAndWritesNoLabels() throws IOException {
        Files.writeString(tmp.resolve("e.labels.txt"), "stale\n");
        StdoutCapture.Result r = StdoutCapture.run(with(VIT, "embed", "--data", flat.toString(), "--out",
                tmp.resolve("e.npy").toString()));
        assertThat(r.cli().exitCode()).as(r.cli().err()).isZero();
        assertThat(r.text()).startsWith("4 embeddings").contains("no labels");
        assertThat(Npy.read(tmp.resolve("e.npy")).rows()).isEqualTo(4);
        assertThat(Files.readAllLines(tmp.resolve("e.paths.txt"))).hasSize(4);
        assertThat(tmp.resolve("e.labels.txt")).doesNotExist();
    }

    @Test
    void manySkippedImagesAreNamedOnOneBoundedLineAndAllListedBesideTheEmbeddings() throws IOException {
        for (int i = 0; i < 7; i++) {
            Files.write(flat.resolve("broken" + i + ".png"), new byte[] {1, 2, 3});
        }
        StdoutCapture.Result r = StdoutCapture.run(with(VIT, "embed", "--data", flat.toString(), "--out",
                tmp.resolve("e.npy").toString()));
        assertThat(r.cli().exitCode()).as(r.cli().err()).isZero();
        String line = r.err().lines().filter(l -> l.startsWith("pairviz: skipped")).findFirst().orElseThrow();
        assertThat(line).startsWith("pairviz: skipped 7 images that could not be embedded: ").endsWith(", and 2 more");
        assertThat(r.text()).contains("7 of 11 images could not be read (each named in e.skipped.txt)");
        assertThat(Files.readAllLines(tmp.resolve("e.skipped.txt"))).hasSize(7).allMatch(l -> l.contains("broken"));
    }

    @Test
    void embedSaysWhatItLeftOutAndWhy() throws IOException {
        Files.write(flat.resolve("broken.png"), new byte[] {1, 2, 3});
        StdoutCapture.Result r = StdoutCapture.run(with(VIT, "embed", "--data", flat.toString(), "--out",
                tmp.resolve("e.npy").toString()));
        assertThat(r.cli().exitCode()).as(r.cli().err()).isZero();
        assertThat(r.text()).startsWith("4 embeddings").contains("1 of 5 images could not be read");

        // class folders: all by default; a subset names what it leaves out
        Path classes = tmp.resolve("classes");
        for (int c = 0; c < 2; c++) {
            Files.createDirectories(classes.resolve("c" + c));
            Files.copy(Fixtures.fixture("blob" + c + "_32.png"), classes.resolve("c" + c).resolve("a.png"));
            Files.copy(Fixtures.fixture("blob2_32.png"), classes.resolve("c" + c).resolve("b.png"));
        }
        r = StdoutCapture.run(with(VIT, "embed", "--data", classes.toString(), "--out", tmp.resolve("c.npy").toString()));
        assertThat(r.text()).as(r.cli().err()).startsWith("4 embeddings");
        r = StdoutCapture.run(with(VIT, "embed", "--data", classes.toString(), "--subset", "test", "--out",
                tmp.resolve("t.npy").toString()));
        assertThat(r.text()).as(r.cli().err()).startsWith("2 embeddings");
        assertThat(r.err()).contains("2 of the 4 images").contains("2 left out").contains("--subset all");
    }

    @Test
    void retrieveAndMatrixTakeAFlatFolder() {
        StdoutCapture.Result r = StdoutCapture.run(with(VIT, "retrieve", flat.resolve("blob0_32.png").toString(),
                "--gallery", flat.toString(), "--top", "2", "--out", tmp.resolve("r.png").toString()));
        assertThat(r.cli().exitCode()).as(r.cli().err()).isZero();
        assertThat(r.err()).contains("no labels");
        assertThat(tmp.resolve("r.png")).isRegularFile();

        r = StdoutCapture.run(with(VIT, "matrix", flat.toString(), "--out", tmp.resolve("m.png").toString()));
        assertThat(r.cli().exitCode()).as(r.cli().err()).isZero();
        assertThat(tmp.resolve("m.png")).isRegularFile();
    }

    @Test
    void commandsThatNeedLabelsSaySoInOneLine() {
        String[][] runs = {
            with(VIT, "evaluate", "--data", flat.toString(), "--subset", "all"),
            {"train", "--data", flat.toString(), "--model", "vit-tiny", "--loss", "proxy-anchor", "--iterations", "2",
                "--out", tmp.resolve("run").toString(), "--quiet"},
            with(VIT, "faithfulness", "--data", flat.toString(), "--pairs", "2"),
            with(VIT, "classmap", flat.resolve("blob0_32.png").toString(), "--gallery", flat.toString(),
                    "--out", tmp.resolve("c.png").toString()),
        };
        for (String[] args : runs) {
            CliRunner.Result r = CliRunner.run(args);
            assertThat(r.exitCode()).as(args[0] + ": " + r.err()).isEqualTo(2);
            assertThat(r.problem()).as(args[0]).doesNotContain("\n").contains("needs labels").contains("flat folder");
        }
    }
}

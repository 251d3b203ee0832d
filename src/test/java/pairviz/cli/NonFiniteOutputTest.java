package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.testutil.Fixtures;

/**
 * Issue 23 item 2: a network whose output is NaN or infinite gives no score; the command says so in
 * one line and exits 2, with or without pictures, and writes nothing.
 */
class NonFiniteOutputTest {
    @TempDir Path tmp;

    /** Finite, accepted by --norm, but pixel values near -1e36 overflow the ViT's first layers. */
    private static final String OVERFLOWING = "1e30,1e30,1e30:1e-6,1e-6,1e-6";

    private static String fixture(String name) {
        return Fixtures.fixture(name).toString();
    }

    private static final String WHY = " holds NaN or infinite values: its weights, or the input normalisation (--norm), do not fit it";

    @Test
    void explainWithoutPicturesRefusesANanScore() {
        Path json = tmp.resolve("pair.json");
        CliRunner.Result r = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"), "--weights",
                fixture("vit_tiny.pth"), "--heads", "4", "--norm", OVERFLOWING, "--no-pictures", "--json", json.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pairviz: the network's embedding of blob0_32.png" + WHY + "\n");
        assertThat(r.out()).doesNotContain("NaN");
        assertThat(json).doesNotExist();
    }

    @Test
    void explainWithPicturesRefusesItToo() {
        Path out = tmp.resolve("out");
        CliRunner.Result r = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"), "--weights",
                fixture("vit_tiny.pth"), "--heads", "4", "--norm", OVERFLOWING, "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pairviz: the network's embedding of blob0_32.png" + WHY + "\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void embedRefusesWhenNoImageHasAFiniteEmbedding() {
        Path scenes = tmp.resolve("scenes");
        assertThat(CliRunner.run("data", "scenes", "--out", scenes.toString(), "--classes", "2", "--per-class", "2",
                "--size", "32", "--seed", "5").exitCode()).isZero();
        CliRunner.Result r = CliRunner.run("embed", "--data", scenes.toString(), "--subset", "all", "--out",
                tmp.resolve("e.npy").toString(), "--weights", fixture("vit_tiny.pth"), "--heads", "4", "--norm", OVERFLOWING);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("pairviz: none of the 4 images could be embedded; first: ")
                .endsWith(": the network's embedding of it holds NaN or infinite values\n").hasLineCount(1);
        assertThat(tmp.resolve("e.npy")).doesNotExist();
    }

    @Test
    void aDenormalStandardDeviationIsRefusedBeforeAnythingRuns() {
        CliRunner.Result r = CliRunner.run("explain", fixture("blob0_32.png"), fixture("blob1_32.png"), "--weights",
                fixture("vit_tiny.pth"), "--heads", "4", "--norm", "0.5,0.5,0.5:1e-40,1e-40,1e-40", "--no-pictures",
                "--json", tmp.resolve("p.json").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("pairviz: --norm: bad normalisation '0.5,0.5,0.5:1e-40,1e-40,1e-40': a standard deviation "
                + "below 1e-6 makes pixel values too large for the network\n");
    }
}

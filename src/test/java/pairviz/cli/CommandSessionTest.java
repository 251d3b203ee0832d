package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.testutil.Fixtures;

/**
 * Every command gets its session from one place ({@link PairvizCommand}): the rollout flags are
 * refused for a network without attention by every command that draws maps, and what a command
 * prints goes through picocli's writers.
 */
class CommandSessionTest {
    @TempDir static Path root;
    @TempDir Path tmp;

    static Path scenes;

    @BeforeAll
    static void makeGallery() {
        scenes = root.resolve("scenes");
        CliRunner.Result r = CliRunner.run("data", "scenes", "--out", scenes.toString(), "--classes", "2", "--per-class", "2",
                "--size", "32", "--seed", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    static String fx(String name) {
        return Fixtures.fixture(name).toString();
    }

    /** The arguments of each map command, on the ResNet fixture (a CNN), before the rollout flag. */
    private List<String[]> mapCommands() {
        String a = fx("blob0_64.png");
        String b = fx("blob1_64.png");
        String cnn = fx("resnet_tiny.pth");
        String g = scenes.toString();
        String png = tmp.resolve("never.png").toString();
        String dir = tmp.resolve("never").toString();
        return List.of(
                new String[] {"explain", a, b, "--weights", cnn, "--size", "64", "--out", dir},
                new String[] {"matrix", a, b, "--weights", cnn, "--size", "64", "--out", png},
                new String[] {"rollout", a, "--weights", cnn, "--size", "64", "--out", dir},
                new String[] {"classmap", a, "--gallery", g, "--weights", cnn, "--size", "64", "--out", png},
                new String[] {"retrieve", a, "--gallery", g, "--weights", cnn, "--size", "64", "--out", png},
                new String[] {"evolution", a, "--gallery", g, "--checkpoints", cnn, "--size", "64", "--out", png},
                new String[] {"compare", a, b, "--weights", cnn, "--size", "64", "--out", png},
                // two CNNs: the flags fit neither
                new String[] {"compare", a, b, "--weights", cnn, "--size", "64", "--weights2", cnn, "--size2", "64",
                        "--out", png},
                new String[] {"retrieve", a, "--gallery", g, "--weights", cnn, "--size", "64", "--weights2", cnn,
                        "--size2", "64", "--out", png});
    }

    @Test
    void everyMapCommandRefusesRolloutFlagsOnACnnInOneLine() {
        for (String[] command : mapCommands()) {
            for (String[] flag : List.of(new String[] {"--head-fusion", "max"}, new String[] {"--start-layer", "1"})) {
                CliRunner.Result r = CliRunner.run(EmbedCommandTest.concat(command, flag));
                String what = String.join(" ", command) + " " + flag[0];
                assertThat(r.exitCode()).as(what + ": " + r.err()).isEqualTo(2);
                // one line, besides the loading's note that the ResNet fixture names no preprocessing
                List<String> said = r.err().lines().filter(l -> !l.startsWith("pairviz: resnet_tiny.pth: ")).toList();
                assertThat(said).as(what).hasSize(1);
                assertThat(said.get(0)).as(what)
                        .startsWith("pairviz: " + flag[0] + " applies to a transformer's attention rollout")
                        .contains("resnet_tiny.pth is a ").endsWith("leave it out");
            }
        }
        assertThat(tmp.resolve("never.png")).doesNotExist();
        assertThat(tmp.resolve("never")).doesNotExist();
    }

    @Test
    void aTransformerBesideACnnKeepsItsRolloutFlags() {
        String png = tmp.resolve("c.png").toString();
        CliRunner.Result r = CliRunner.run("compare", fx("blob0_32.png"), fx("blob1_32.png"), "--weights", fx("resnet_tiny.pth"),
                "--size", "64", "--weights2", fx("vit_tiny.pth"), "--heads2", "4", "--head-fusion", "max", "--out", png);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Path.of(png)).isRegularFile();
    }

    @Test
    void whatACommandPrintsGoesThroughPicocliWriters() {
        String[] vit = {"--weights", fx("vit_tiny.pth"), "--heads", "4"};
        Path out = tmp.resolve("o");
        StdoutCapture.Result r = StdoutCapture.capture(() -> CliRunner.run(FlatFoldersCommandTest.with(vit, "explain",
                fx("blob0_32.png"), fx("blob1_32.png"), "--out", out.toString())));
        assertThat(r.cli().exitCode()).as(r.err()).isZero();
        assertThat(r.cli().out()).startsWith("score ").contains("(mode ").contains("pictures in " + out.toAbsolutePath());
        assertThat(r.text()).as("System.out").isEmpty();
        assertThat(r.stderr()).as("System.err").isEmpty();

        // a note (the query's label unknown) goes to picocli's standard error, the ranking to its standard output
        r = StdoutCapture.capture(() -> CliRunner.run(FlatFoldersCommandTest.with(vit, "retrieve", fx("blob0_32.png"),
                "--gallery", scenes.toString(), "--top", "2", "--out", tmp.resolve("r.png").toString())));
        assertThat(r.cli().exitCode()).as(r.err()).isZero();
        assertThat(r.cli().err()).contains("pairviz: the query's label is unknown");
        assertThat(r.cli().out().lines().filter(l -> l.split("\t").length == 4)).hasSize(2);
        assertThat(r.text()).as("System.out").isEmpty();
        assertThat(r.stderr()).as("System.err").isEmpty();
        assertThat(Files.exists(tmp.resolve("r.png"))).isTrue();
    }
}

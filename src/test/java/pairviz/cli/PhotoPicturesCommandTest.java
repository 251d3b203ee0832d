package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.testutil.Fixtures;

/** Maps drawn on the photo at its own shape, {@code --picture-size}, and the placement in the JSON. */
class PhotoPicturesCommandTest {
    @TempDir Path tmp;

    private CliRunner.Result explain(String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("explain",
                Fixtures.fixture("odd_50x37.png").toString(), Fixtures.fixture("blob0_32.png").toString(),
                "--weights", Fixtures.fixture("vit_tiny.pth").toString(), "--heads", "4", "--mode", "reference",
                "--out", tmp.resolve("out").toString()));
        args.addAll(java.util.List.of(extra));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void picturesKeepThePhotosShapeAndTheJsonSaysWhereEachCellLies() throws IOException {
        Path json = tmp.resolve("p.json");
        CliRunner.Result r = explain("--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        // 50 x 37 squashed into 32 x 32: drawn 32 x 24, the longer side at the input size
        var odd = ImageIO.read(tmp.resolve("out/odd_50x37_simmap_with_blob0_32.png").toFile());
        assertThat(odd.getWidth()).isEqualTo(32);
        assertThat(odd.getHeight()).isEqualTo(24);
        // a square photo squashed: the authors' square picture
        var blob = ImageIO.read(tmp.resolve("out/blob0_32_simmap_with_odd_50x37.png").toFile());
        assertThat(blob.getWidth()).isEqualTo(32);
        assertThat(blob.getHeight()).isEqualTo(32);

        JsonNode got = new ObjectMapper().readTree(json.toFile());
        assertThat(got.get("grid").toString()).isEqualTo("[4,4]");
        JsonNode placement = got.get("a").get("placement");
        assertThat(placement.get("photo").toString()).isEqualTo("[50,37]");
        assertThat(placement.get("input").toString()).isEqualTo("[0.0,0.0,50.0,37.0]");
        assertThat(placement.get("whole_photo_seen").asBoolean()).isTrue();
        assertThat(placement.get("cells")).hasSize(4);
        assertThat(placement.get("cells").get(0)).hasSize(4);
        assertThat(placement.get("cells").get(1).get(2).toString()).isEqualTo("[25.0,9.25,12.5,9.25]");
        assertThat(got.get("b").get("placement").get("photo").toString()).isEqualTo("[32,32]");
    }

    @Test
    void pictureSizeSetsTheLongerSide() throws IOException {
        CliRunner.Result r = explain("--picture-size", "100");
        assertThat(r.exitCode()).as(r.err()).isZero();
        var odd = ImageIO.read(tmp.resolve("out/odd_50x37_simmap_with_blob0_32.png").toFile());
        assertThat(odd.getWidth()).isEqualTo(100);
        assertThat(odd.getHeight()).isEqualTo(74);
    }

    @Test
    void badPictureSizesAreOneLineAndExit2() {
        for (String bad : new String[] {"5", "100000", "-3", "big"}) {
            CliRunner.Result r = explain("--picture-size", bad);
            assertThat(r.exitCode()).as(bad).isEqualTo(2);
            assertThat(r.problem()).as(bad).doesNotContain("\n").contains("--picture-size");
        }
    }
}

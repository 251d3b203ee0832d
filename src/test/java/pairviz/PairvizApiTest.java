package pairviz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import pairviz.explain.ClassMap;
import pairviz.explain.Heatmap;
import pairviz.explain.Mode;
import pairviz.explain.PairExplanation;
import pairviz.loading.ModelOptions;
import pairviz.render.Colormap;
import pairviz.testutil.Fixtures;

/** The Java API as the README shows it. */
class PairvizApiTest {
    @Test
    void readmeExample() {
        Path a = Fixtures.fixture("blob0_32.png");
        Path b = Fixtures.fixture("blob1_32.png");
        try (Pairviz pv = Pairviz.builder()
                .setWeights(Fixtures.fixture("vit_tiny.pth"))
                .optModelOptions(ModelOptions.auto().withHeads(4))
                .optMode(Mode.CONSERVATIVE)
                .build()) {
            PairExplanation e = pv.explain(a, b);
            assertThat(e.mapA().sum()).isCloseTo(e.score(), within(1e-5));
            assertThat(e.score()).isCloseTo(
                    Fixtures.fixtureJson("expected_vit_tiny.json").get("pairs").get(0).get("score").asDouble(), within(1e-5));
            Heatmap r = pv.rollout(a);
            assertThat(r.sum()).isCloseTo(1.0, within(1e-5)); // column means of a row-stochastic matrix
            ClassMap c = pv.classMap(a, List.of(b, Fixtures.fixture("blob2_32.png")));
            assertThat(c.members()).isEqualTo(2);
            float[] s = pv.tokenSimilarity(a, b);
            assertThat(s).hasSize(16 * 16);
            assertThat(pv.picture(a, e.mapA(), Colormap.VIRIDIS).getWidth()).isEqualTo(32);
        }
    }

    @Test
    void aPictureOfAPortraitPhotoKeepsItsShape(@org.junit.jupiter.api.io.TempDir Path tmp) throws java.io.IOException {
        java.awt.image.BufferedImage scene = javax.imageio.ImageIO.read(Fixtures.fixture("blob0_64.png").toFile());
        Path tall = tmp.resolve("tall.png");
        javax.imageio.ImageIO.write(scene.getSubimage(16, 0, 32, 64), "png", tall.toFile());
        try (Pairviz pv = Pairviz.builder().setWeights(Fixtures.fixture("vit_tiny.pth"))
                .optModelOptions(ModelOptions.auto().withHeads(4)).build()) {
            java.awt.image.BufferedImage p = pv.picture(tall, pv.rollout(tall), Colormap.JET);
            // squash: the whole 32 x 64 photo at the scale the network saw it (its 32 pixels over the 64 rows)
            assertThat(List.of(p.getWidth(), p.getHeight())).containsExactly(16, 32);
        }
    }

    @Test
    void weightsAreRequired() {
        assertThatThrownBy(() -> Pairviz.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("setWeights is required");
    }
}

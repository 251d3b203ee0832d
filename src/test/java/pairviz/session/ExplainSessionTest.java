package pairviz.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.explain.ExplainOptions;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.ImageFeatures;
import pairviz.explain.PairExplanation;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.testutil.Fixtures;

/** The one feature path: its cache policy, max(64, 4 x batch, images at once), and its explainers. */
class ExplainSessionTest {
    @TempDir Path tmp;

    private List<Path> images(int n) throws IOException {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Files.copy(Fixtures.fixture("blob" + (i % 3) + "_32.png"), tmp.resolve(i + ".png")));
        }
        return out;
    }

    private static EmbeddingModel vit() {
        return EmbeddingModel.load(Fixtures.fixture("vit_tiny.pth"), ModelOptions.builder().optHeads(4).build());
    }

    /**
     * Embeds {@code cached + 1} images: the first is then forgotten (run again: other features),
     * the second still remembered (the very same features).
     */
    private static void assertRemembers(ImageEmbedder e, List<Path> images, int cached) {
        List<ImageFeatures> f = e.features(images.subList(0, cached));
        e.features(images.get(cached)); // one more: the least recently used (the first) goes
        assertThat(e.features(images.get(1))).as("still remembered").isSameAs(f.get(1));
        assertThat(e.features(images.get(0))).as("forgotten, so run again").isNotSameAs(f.get(0));
    }

    @Test
    void theCacheHoldsSixtyFourImagesFourBatchesOrWhatTheCallerPairsAtOnce() throws IOException {
        List<Path> images = images(101);
        try (EmbeddingModel m = vit()) {
            assertRemembers(ExplainSession.builder().setModel(m).build().embedder(), images, ExplainSession.CACHED_IMAGES);
            assertRemembers(ExplainSession.builder().setModel(m).optBatchSize(20).build().embedder(), images, 80);
            assertRemembers(ExplainSession.builder().setModel(m).optImagesAtOnce(100).build().embedder(), images, 100);
        }
    }

    @Test
    void itsExplainerUsesItsOptions() throws IOException {
        List<Path> images = images(2);
        try (EmbeddingModel m = vit()) {
            ExplainSession s = ExplainSession.builder().setModel(m).optOptions(ExplainOptions.REFERENCE).build();
            PairExplanation e = s.pairExplainer().explain(s.embedder().features(images.get(0)), s.embedder().features(images.get(1)));
            assertThat(e.options().mode()).isEqualTo(ExplainOptions.REFERENCE.mode());
            assertThat(s.model()).isSameAs(m);
        }
    }

    @Test
    void aModelIsRequired() {
        assertThatThrownBy(() -> ExplainSession.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setModel");
    }
}

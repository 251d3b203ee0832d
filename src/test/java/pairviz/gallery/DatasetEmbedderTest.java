package pairviz.gallery;

import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.util.ProgressListener;
import pairviz.PairvizException;
import pairviz.data.ImageSource;
import pairviz.data.Sample;
import pairviz.explain.FeatureExtractor;
import pairviz.explain.ImageEmbedder;
import pairviz.explain.ImageFeatures;
import pairviz.explain.RolloutSpec;
import pairviz.image.Normalization;
import pairviz.image.Preprocessing;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.testutil.Fixtures;
import pairviz.util.RunSettings;

/** Embedding a dataset: same numbers as one image at a time, unreadable images skipped, resumable. */
class DatasetEmbedderTest {
    private static final RunSettings ID = RunSettings.none().with("--weights", "1 bytes").with("--subset", "train");

    @TempDir Path tmp;

    static final List<String> NAMES = List.of("blob0_32.png", "blob1_32.png", "blob2_32.png", "odd_50x37.png", "blob0_64.png");

    /** A sample that counts how often it is loaded, and fails when {@code broken}. */
    record Counted(Path file, AtomicInteger loads, boolean broken) implements ImageSource {
        @Override
        public String id() {
            return file.getFileName().toString();
        }

        @Override
        public BufferedImage load() {
            loads.incrementAndGet();
            if (broken) {
                throw new PairvizException("cannot read image " + file + ": broken on purpose");
            }
            return pairviz.image.ImageFiles.read(file);
        }
    }

    @Test
    void embedsInChunksSkipsBrokenImagesAndResumesFromSavedChunks() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            samples.add(new Sample(new Counted(Fixtures.fixture(NAMES.get(i)), loads, i == 2), "c" + (i % 2)));
        }
        try (EmbeddingModel m = EmbeddingModel.load(Fixtures.fixture("vit_tiny.pth"), ModelOptions.auto().withHeads(4))) {
            ImageEmbedder embedder = new ImageEmbedder(new FeatureExtractor(m, RolloutSpec.DEFAULT),
                Preprocessing.authors(m.config().imageSize(), Normalization.IMAGENET, Map.of()), 2, 0);
            DatasetEmbedder de = new DatasetEmbedder(m, Preprocessing.authors(m.config().imageSize(), Normalization.IMAGENET, Map.of()), 2, 2);
            Path work = tmp.resolve("work");
            DatasetEmbedder.Result r = de.embed(samples, work, ID, ProgressListener.NONE);
            assertThat(r.embeddings().rows()).isEqualTo(4);
            assertThat(r.skipped()).singleElement().asString().contains("blob2_32.png").contains("broken on purpose");
            assertThat(r.samples()).extracting(Sample::id).doesNotContain("blob2_32.png");
            // the same numbers as the one-image path
            ImageFeatures f = embedder.features(Fixtures.fixture("odd_50x37.png"));
            assertThat(r.embeddings().row(2)).containsExactly(f.beta());
            try (Stream<Path> chunks = Files.list(work)) {
                assertThat(chunks.filter(p -> p.getFileName().toString().startsWith("chunk-"))).hasSize(3);
            }

            // a second run with the same identity loads nothing: every chunk is read back
            int before = loads.get();
            DatasetEmbedder.Result again = de.embed(samples, work, ID, ProgressListener.NONE);
            assertThat(loads.get()).isEqualTo(before);
            assertThat(again.embeddings().data()).containsExactly(r.embeddings().data());

            // another run (another setting, or other images) is refused, naming what differs
            assertThatThrownBy(() -> de.embed(samples, work, ID.with("--subset", "test"), ProgressListener.NONE))
                    .isInstanceOf(PairvizException.class)
                    .hasMessage(work + " holds the saved work of another run (--subset train, now test): delete it to start afresh");
            List<Sample> reversed = new ArrayList<>(samples);
            java.util.Collections.reverse(reversed);
            assertThatThrownBy(() -> de.embed(reversed, work, ID, ProgressListener.NONE))
                    .hasMessageStartingWith(work + " holds the saved work of another run (images 5 images, sha256 ")
                    .hasMessageEndingWith("): delete it to start afresh");
            assertThat(loads.get()).isEqualTo(before);
        }
    }
}

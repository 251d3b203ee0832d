package pairviz.eval.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.BadParameterException;
import pairviz.data.DatasetFormat;
import pairviz.data.scenes.SceneSpec;
import pairviz.data.scenes.SceneWriter;
import pairviz.loading.EmbeddingModel;
import pairviz.loading.ModelOptions;
import pairviz.testutil.Fixtures;
import pairviz.util.JsonFiles;
import pairviz.util.ProgressListener;

/** The faithfulness study from the Java API, without the command line. */
class FaithfulnessStudyTest {
    @TempDir static Path tmp;
    static Path scenes;

    @BeforeAll
    static void scenes() {
        scenes = tmp.resolve("s32");
        SceneWriter.write(SceneSpec.of(5, 4, 32, 7), scenes, 1, false, () -> {});
    }

    @Test
    void runsOnScenesFromJavaWithProgressThatEnds() {
        FaithfulnessStudy study = FaithfulnessStudy.builder().setData(scenes, DatasetFormat.SCENES).optPairs(4).optControls(2)
                .optTriplets(2).optMethods(Method.parseList("reference,uniform")).optSteps(2).optBatchSize(16).build();
        List<long[]> images = new ArrayList<>();
        List<long[]> triplets = new ArrayList<>();
        FaithfulnessResult r;
        try (EmbeddingModel m = EmbeddingModel.load(Fixtures.fixture("vit_tiny.safetensors"),
                ModelOptions.builder().optHeads(4).build())) {
            r = study.run(m, m.preprocessing(), (d, t) -> images.add(new long[] {d, t}),
                    (d, t) -> triplets.add(new long[] {d, t}));
            FaithfulnessResult again = study.run(m, m.preprocessing(), ProgressListener.NONE, ProgressListener.NONE);
            assertThat(withoutTime(again.toJson())).as("seeded: the same result").isEqualTo(withoutTime(r.toJson()));
        }
        assertThat(r.report().groups()).extracting(FaithfulnessReport.Group::name).containsExactly("same-class", "different-class");
        assertThat(r.report().groups().get(0).pairs()).isEqualTo(4);
        assertThat(r.report().groups().get(1).pairs()).isEqualTo(2);
        assertThat(r.triplets()).isEqualTo(2);
        assertThat(r.partner()).extracting(PartnerSpecificity.Row::method).containsExactly("reference", "uniform");
        assertThat(r.markdown()).contains("| reference |", "| uniform |", "**partner specificity: 2 triplets**");
        assertThat(r.summary()).startsWith("6 pairs, 2 triplets, ");
        assertThat(r.toJson()).containsKeys("setup", "groups", "partner");
        // the last report of each task says it has ended: done == total
        long[] lastImages = images.get(images.size() - 1);
        assertThat(lastImages[0]).isEqualTo(lastImages[1]).isPositive();
        assertThat(triplets.get(triplets.size() - 1)).containsExactly(2, 2);
    }

    @SuppressWarnings("unchecked")
    private static String withoutTime(Map<String, Object> json) {
        ((Map<String, Object>) json.get("setup")).remove("seconds");
        try {
            return JsonFiles.MAPPER.writeValueAsString(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theBuilderRefusesWhatCannotBeMeasuredNamingTheSetting() {
        assertThatThrownBy(() -> FaithfulnessStudy.builder().build()).isInstanceOf(BadParameterException.class)
                .hasMessage("give data (a dataset) or photos (any folder of photos), one of them");
        assertThatThrownBy(() -> FaithfulnessStudy.builder().setData(scenes, DatasetFormat.SCENES).setPhotos(scenes).build())
                .isInstanceOf(BadParameterException.class);
        assertThatThrownBy(() -> FaithfulnessStudy.builder().setData(scenes, DatasetFormat.SCENES).optPairs(-1).build())
                .isInstanceOf(BadParameterException.class).hasMessage("pairs must be 0 or more, not -1");
        assertThatThrownBy(() -> FaithfulnessStudy.builder().setData(scenes, DatasetFormat.SCENES).optSteps(0).build())
                .isInstanceOf(BadParameterException.class).hasMessage("steps must be at least 1, not 0");
        assertThatThrownBy(() -> FaithfulnessStudy.builder().setData(scenes, null).build())
                .isInstanceOf(BadParameterException.class).hasMessage("format is required with data");
    }
}

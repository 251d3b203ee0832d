package pairviz.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pairviz.BadParameterException;
import pairviz.loading.Preset;

/** The training configuration: its builder, its JSON (old files too) and the resume check. */
class TrainConfigTest {
    private static TrainConfig.Builder base() {
        return TrainConfig.builder().setData(List.of(Path.of("scenes"))).setFormat("scenes").setModel(Preset.VIT_TINY.config());
    }

    @Test
    void theBuilderGivesTheCommandsDefaultsAndValidates() {
        TrainConfig c = base().build();
        assertThat(c.split()).isEqualTo("classes:0.5");
        assertThat(c.loss()).isEqualTo(LossKind.ARCFACE);
        assertThat(c.iterations()).isEqualTo(1000);
        assertThat(c.batchSize()).isEqualTo(32);
        assertThat(c.lr()).isEqualTo(0.01);
        assertThat(c.weightDecay()).isEqualTo(1e-4);
        assertThat(c.cropMin()).isEqualTo(0.5);
        assertThat(c.flip()).isTrue();
        assertThat(c.norm()).isEqualTo("imagenet");
        assertThat(c.optimizer()).isEqualTo(OptimizerKind.SGD);
        assertThatThrownBy(() -> TrainConfig.builder().setData(List.of(Path.of("x"))).setFormat("scenes").build())
                .isInstanceOf(BadParameterException.class).hasMessageContaining("model");
        assertThatThrownBy(() -> base().optLr(-1).build()).isInstanceOf(BadParameterException.class)
                .hasMessage("lr must be a positive number, not -1.0");
        assertThatThrownBy(() -> base().optBatch(0, 4).build()).isInstanceOf(BadParameterException.class)
                .hasMessage("batch classes must be at least 1, not 0");
    }

    @Test
    void jsonKeysAreSnakeCaseAndTheConfigurationRoundTrips() {
        TrainConfig c = base().optBatch(6, 3).optWeightDecay(0.05).optCropScale(0.8, 1).optFlip(false).build();
        Map<String, Object> json = c.toJson();
        assertThat(json).containsKeys("batch_classes", "batch_per_class", "weight_decay", "crop_scale")
                .doesNotContainKeys("batch-classes", "batch-per-class", "weight-decay", "crop-scale");
        assertThat(json.keySet()).allMatch(k -> !k.contains("-"));
        assertThat(TrainConfig.fromJson(json, "x")).isEqualTo(c);
    }

    @Test
    @SuppressWarnings("unchecked")
    void manifestsWrittenBeforeTheKeysChangedAreStillRead() {
        // models/scenes-vit.json was written by pairviz 0.8 with hyphenated keys ("batch-classes")
        Path shipped = Path.of("models/scenes-vit.json");
        Map<String, Object> config = (Map<String, Object>) RunDirectory.readJson(shipped).get("config");
        assertThat(config).containsKey("batch-classes");
        TrainConfig c = TrainConfig.fromJson(config, shipped.toString());
        assertThat(c.batchClasses()).isEqualTo(8);
        assertThat(c.batchPerClass()).isEqualTo(4);
        assertThat(c.weightDecay()).isEqualTo(0.05);
        assertThat(c.cropMin()).isEqualTo(0.8);
        assertThat(c.cropMax()).isEqualTo(1.0);
        assertThat(c.optimizer()).isEqualTo(OptimizerKind.ADAMW);
        assertThat(Manifest.read(shipped).config()).isEqualTo(c);
    }

    @Test
    void resumingRefusesAChangedSettingAndKeepsTheSavedRun() {
        TrainConfig saved = base().optLr(0.01).optWeightDecay(0.05).build();
        TrainConfig asked = base().optLr(0.02).optWeightDecay(0.05).build();
        assertThatThrownBy(() -> TrainConfig.resume(saved, () -> asked, EnumSet.of(TrainConfig.Setting.LR)))
                .isInstanceOf(BadParameterException.class)
                .hasMessage("resume continues the run as it was started, but lr 0.02 (the run has 0.01)");
        assertThatThrownBy(() -> TrainConfig.resume(saved, () -> base().optFlip(false).build(),
                EnumSet.of(TrainConfig.Setting.FLIP))).hasMessageContaining("no flip (the run flips)");
        // a setting not given explicitly is the run's, whatever the asked configuration says
        assertThat(TrainConfig.resume(saved, () -> asked, EnumSet.of(TrainConfig.Setting.WEIGHT_DECAY))).isSameAs(saved);
        assertThat(TrainConfig.resume(saved, () -> {
            throw new AssertionError("nothing given: nothing to compare");
        }, EnumSet.noneOf(TrainConfig.Setting.class))).isSameAs(saved);
    }
}

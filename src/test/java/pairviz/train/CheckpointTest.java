package pairviz.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;
import pairviz.loading.Preset;
import pairviz.util.JsonFiles;

class CheckpointTest {
    @TempDir Path tmp;

    @Test
    void aRunFolderIsOrderedByIterationWithoutOptimizerStates() throws IOException {
        for (String n : new String[] {"iter-001000.safetensors", "iter-000500.safetensors", "iter-000500.train.safetensors",
                "iter-000050.safetensors", "notes.txt"}) {
            Files.writeString(tmp.resolve(n), "x");
        }
        List<Checkpoint> list = Checkpoint.list(List.of(tmp));
        assertThat(list).extracting(Checkpoint::iteration).containsExactly(50L, 500L, 1000L);
        assertThat(pairviz.figures.EvolutionFigure.Step.name(list.get(0).weights(), list.get(0).iteration())).isEqualTo("iter 50");
    }

    @Test
    void theManifestsIterationWinsOverTheName() throws IOException {
        Files.writeString(tmp.resolve("final.safetensors"), "x");
        JsonFiles.write(tmp.resolve("final.json"), manifest(7000).toJson());
        Files.writeString(tmp.resolve("early-3.safetensors"), "x");
        JsonFiles.write(tmp.resolve("early-3.json"), manifest(300).toJson());
        Files.writeString(tmp.resolve("other-9.safetensors"), "x");
        Files.writeString(tmp.resolve("other-9.json"), "{\"iteration\": 1}"); // not a training manifest: the name tells
        List<Checkpoint> list = Checkpoint.list(List.of(tmp.resolve("final.safetensors"), tmp.resolve("early-3.safetensors"),
                tmp.resolve("other-9.safetensors")));
        assertThat(list).extracting(Checkpoint::iteration).containsExactly(9L, 300L, 7000L);
    }

    /** The manifest {@code pairviz train} writes beside the weights of {@code iteration}. */
    private static Manifest manifest(int iteration) {
        TrainConfig c = TrainConfig.builder().setData(List.of(Path.of("scenes"))).setFormat("scenes")
                .setModel(Preset.VIT_TINY.config()).optIterations(10_000).optBatch(2, 2).build();
        return new Manifest(iteration, 10_000, "vit", 0.5, 0.5, 0.01, null, c, Map.of(), "pairviz train", 0, 1, 1, 1,
                List.of(), "2026-01-01T00:00:00Z", "checkpoints/x.safetensors", null);
    }

    @Test
    void withoutIterationsTheGivenOrderStays() throws IOException {
        Files.writeString(tmp.resolve("b.safetensors"), "x");
        Files.writeString(tmp.resolve("a.safetensors"), "x");
        List<Checkpoint> list = Checkpoint.list(List.of(tmp.resolve("b.safetensors"), tmp.resolve("a.safetensors")));
        assertThat(list).extracting(c -> c.weights().getFileName().toString()).containsExactly("b.safetensors", "a.safetensors");
        assertThat(pairviz.figures.EvolutionFigure.Step.name(list.get(0).weights(), list.get(0).iteration())).isEqualTo("b");
    }

    @Test
    void missingInputsAreOneLine() {
        assertThatThrownBy(() -> Checkpoint.list(List.of(tmp.resolve("nope.safetensors"))))
                .isInstanceOf(PairvizException.class).hasMessage("checkpoint " + tmp.resolve("nope.safetensors") + " does not exist");
        assertThatThrownBy(() -> Checkpoint.list(List.of(tmp)))
                .isInstanceOf(PairvizException.class).hasMessage("checkpoints " + tmp + " holds no .safetensors checkpoint");
    }
}

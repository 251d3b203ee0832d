package pairviz.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pairviz.PairvizException;

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
        assertThat(list.get(0).name()).isEqualTo("iter 50");
    }

    @Test
    void theManifestsIterationWinsOverTheName() throws IOException {
        Files.writeString(tmp.resolve("final.safetensors"), "x");
        Files.writeString(tmp.resolve("final.json"), "{\"iteration\": 7000}");
        Files.writeString(tmp.resolve("early-3.safetensors"), "x");
        Files.writeString(tmp.resolve("early-3.json"), "{\"iteration\": 300}");
        List<Checkpoint> list = Checkpoint.list(List.of(tmp.resolve("final.safetensors"), tmp.resolve("early-3.safetensors")));
        assertThat(list).extracting(Checkpoint::iteration).containsExactly(300L, 7000L);
    }

    @Test
    void withoutIterationsTheGivenOrderStays() throws IOException {
        Files.writeString(tmp.resolve("b.safetensors"), "x");
        Files.writeString(tmp.resolve("a.safetensors"), "x");
        List<Checkpoint> list = Checkpoint.list(List.of(tmp.resolve("b.safetensors"), tmp.resolve("a.safetensors")));
        assertThat(list).extracting(c -> c.weights().getFileName().toString()).containsExactly("b.safetensors", "a.safetensors");
        assertThat(list.get(0).name()).isEqualTo("b");
    }

    @Test
    void missingInputsAreOneLine() {
        assertThatThrownBy(() -> Checkpoint.list(List.of(tmp.resolve("nope.safetensors"))))
                .isInstanceOf(PairvizException.class).hasMessage("checkpoint " + tmp.resolve("nope.safetensors") + " does not exist");
        assertThatThrownBy(() -> Checkpoint.list(List.of(tmp)))
                .isInstanceOf(PairvizException.class).hasMessage("checkpoints " + tmp + " holds no .safetensors checkpoint");
    }
}

package pairviz.model.weights;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading every fixture format, compared element by element with what Python saved. */
class CheckpointsReadTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "torch_zip.pth",          // module. prefixes, strided views, shared storage, all dtypes
        "torch_legacy.pth",       // the same, pre-1.6 format
        "torch_wrapped.pth",      // {'state_dict': ..., 'epoch': 3, 'optimizer': ..., numpy scalar}
        "torch_state_dict.pth",   // Module.state_dict(): OrderedDict with _metadata
        "torch_whole_module.pth", // torch.save(module)
        "weights.npz",            // dtypes, big-endian, Fortran order, scalar
        "weights_compressed.npz", // deflated entries
        "weights_versions.npz",   // .npy format versions 1, 2, 3
        "weights.safetensors",    // F32, F16, BF16, F64, I64, I32, U8, BOOL, scalar
    })
    void readsFixtureExactly(String fixture) {
        StateDict dict = Checkpoints.read(WeightFixtures.file(fixture));
        WeightFixtures.assertMatches(dict, WeightFixtures.expectedTensors(fixture));
    }

    @Test
    void formatIsDetectedFromContentNotExtension(@TempDir Path tmp) throws IOException {
        Path disguised = tmp.resolve("weights.bin");
        Files.copy(WeightFixtures.file("weights.safetensors"), disguised);
        WeightFixtures.assertMatches(Checkpoints.read(disguised), WeightFixtures.expectedTensors("weights.safetensors"));
        Path npz = tmp.resolve("weights.pth");
        Files.copy(WeightFixtures.file("weights.npz"), npz);
        WeightFixtures.assertMatches(Checkpoints.read(npz), WeightFixtures.expectedTensors("weights.npz"));
    }

    @Test
    void sharedStorageGivesIndependentArrays() {
        StateDict dict = Checkpoints.read(WeightFixtures.file("torch_zip.pth"));
        // shared.a = x[:6].view(2, 3) and shared.b = x[4:] overlap in x[4:6]
        assertThat(dict.get("shared.a").data()[4]).isEqualTo(dict.get("shared.b").data()[0]);
        assertThat(dict.get("shared.a").data()).isNotSameAs(dict.get("shared.b").data());
    }

    @Test
    void wrappedCheckpointIgnoresOptimizerAndOtherEntries() {
        StateDict dict = Checkpoints.read(WeightFixtures.file("torch_wrapped.pth"));
        assertThat(dict.names()).containsExactly("conv.bias", "transposed", "half");
        assertThat(dict.parameterCount()).isEqualTo(5 + 12 + 6);
    }

    @Test
    void wholeModuleSkipsNonPersistentBuffers() {
        StateDict dict = Checkpoints.read(WeightFixtures.file("torch_whole_module.pth"));
        assertThat(dict.names()).doesNotContain("scratch")
                .containsExactly("fc.weight", "fc.bias", "norm.weight", "norm.bias",
                        "norm.running_mean", "norm.running_var", "norm.num_batches_tracked");
        assertThat(dict.get("norm.running_var").data()).containsExactly(2f, 3f);
    }

    @Test
    void safetensorsMetadata() {
        assertThat(Checkpoints.readSafetensorsMetadata(WeightFixtures.file("weights.safetensors")))
                .containsExactly(Map.entry("format", "pt"), Map.entry("source", "make_weight_fixtures.py"));
    }

    @Test
    void modulePrefixStaysUnlessOnEveryName(@TempDir Path tmp) {
        Path file = tmp.resolve("mixed.safetensors");
        SafetensorsWriter.write(file, StateDict.of(Map.of("module.a", Tensor.of(new float[] {1}, 1))), null);
        assertThat(Checkpoints.read(file).names()).containsExactly("a");
        Map<String, Tensor> mixed = new java.util.LinkedHashMap<>();
        mixed.put("module.a", Tensor.of(new float[] {1}, 1));
        mixed.put("b", Tensor.of(new float[] {2}, 1));
        SafetensorsWriter.write(file, StateDict.of(mixed), null);
        assertThat(Checkpoints.read(file).names()).containsExactly("module.a", "b");
    }
}

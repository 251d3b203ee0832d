package pairviz.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** bench's first line names the CPU and the vector extensions that set PyTorch's matrix-product speed. */
class CpuDescriptionTest {
    private static final String ZEN4 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC 9R14
            flags\t\t: fpu sse sse2 fma avx avx2 avx512f avx512dq avx512_bf16 avx512_vnni
            
            processor\t: 1
            model name\t: AMD EPYC 9R14
            flags\t\t: fpu sse sse2 fma avx avx2 avx512f avx512dq avx512_bf16 avx512_vnni
            """;

    @Test
    void namesTheModelTheProcessorsAndTheExtensionsInAFixedOrder() {
        CpuDescription d = CpuDescription.parse(ZEN4);
        assertThat(d).isEqualTo(new CpuDescription("AMD EPYC 9R14", 2, List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16")));
        assertThat(d.line()).isEqualTo("CPU: AMD EPYC 9R14, 2 logical CPUs; vector extensions: avx2, fma, avx512f, avx512_vnni, "
                + "avx512_bf16 (no AMX)");
    }

    @Test
    void saysWhatIsMissingOnAnAvx2OnlyCpuAndOnAnIntelWithAmx() {
        assertThat(CpuDescription.parse("processor : 0\nmodel name : AMD EPYC 7B12\nflags : fma avx2\n").line())
                .isEqualTo("CPU: AMD EPYC 7B12, 1 logical CPUs; vector extensions: avx2, fma (no AVX-512)");
        assertThat(CpuDescription.parse("model name : Intel(R) Xeon(R) Platinum 8488C\nflags : avx2 fma avx512f amx_tile amx_bf16\n")
                .extensions()).containsExactly("avx2", "fma", "avx512f", "amx_tile", "amx_bf16");
    }

    @Test
    void readsArmFeaturesAndSaysUnknownWithoutAModel() {
        CpuDescription arm = CpuDescription.parse("processor : 0\nFeatures : fp asimd sve bf16\n");
        assertThat(arm.model()).isEqualTo("unknown");
        assertThat(arm.extensions()).containsExactly("asimd", "sve", "bf16");
        assertThat(CpuDescription.parse("").line()).startsWith("CPU: unknown; vector extensions: none of avx2, fma");
    }
}

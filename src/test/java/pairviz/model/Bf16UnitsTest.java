package pairviz.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** bf16 units read off /proc/cpuinfo's flags. */
class Bf16UnitsTest {
    private static final String EPYC_AVX2 = "processor\t: 0\nvendor_id\t: AuthenticAMD\n"
            + "flags\t\t: fpu vme de pse tsc msr sse sse2 avx avx2 fma bmi2\nbogomips\t: 4491.53\n\n"
            + "processor\t: 1\nflags\t\t: fpu vme de pse tsc msr sse sse2 avx avx2 fma bmi2\n";

    @Test
    void readsTheFlagsOfEachArchitecture() {
        assertThat(Bf16Units.present(EPYC_AVX2)).isEqualTo(Optional.of(false));
        assertThat(Bf16Units.present("flags\t\t: fpu avx512f avx512_bf16 avx512_vnni\n")).isEqualTo(Optional.of(true));
        assertThat(Bf16Units.present("flags\t\t: fpu avx2 amx_bf16 amx_tile\n")).isEqualTo(Optional.of(true));
        assertThat(Bf16Units.present("Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 bf16 i8mm\n")).isEqualTo(Optional.of(true));
        assertThat(Bf16Units.present("Features\t: fp asimd evtstrm aes\n")).isEqualTo(Optional.of(false));
        assertThat(Bf16Units.present("flags\t\t: avx512_bf16x\n")).as("whole flags only").isEqualTo(Optional.of(false));
        assertThat(Bf16Units.present("")).isEmpty();
    }
}

package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** bench says when it skips the bf16 timing, and why. */
class BenchRatesTest {
    @Test
    void theRatesLineWithAndWithoutBf16Units() {
        assertThat(BenchCommand.rates(812.4, 1650.6))
                .isEqualTo("matrix multiply [512, 768] x [768, 3072]: fp32 812 GFLOP/s, bf16 1651 GFLOP/s on this machine");
        assertThat(BenchCommand.rates(95.2, Double.NaN)).isEqualTo("matrix multiply [512, 768] x [768, 3072]: fp32 95 GFLOP/s; "
                + "bf16 not timed: this CPU has no bf16 units (/proc/cpuinfo lists none of amx_bf16, avx512_bf16, bf16), "
                + "so PyTorch would emulate it, slower than fp32");
    }
}

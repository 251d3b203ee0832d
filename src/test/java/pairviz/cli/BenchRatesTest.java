package pairviz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** bench says when it skips the bf16 timing, and why; and sets bf16 beside fp32, naming the faster. */
class BenchRatesTest {
    @Test
    void theRatesLineWithAndWithoutBf16Units() {
        assertThat(BenchCommand.rates(812.4, 1650.6))
                .isEqualTo("matrix multiply [512, 768] x [768, 3072]: fp32 812 GFLOP/s, bf16 1651 GFLOP/s on this machine (x2.03): "
                        + "--precision bf16 pays here");
        assertThat(BenchCommand.rates(80, 40)).endsWith("bf16 40 GFLOP/s on this machine (x0.50): fp32 is faster here");
        assertThat(BenchCommand.rates(95.2, Double.NaN)).isEqualTo("matrix multiply [512, 768] x [768, 3072]: fp32 95 GFLOP/s; "
                + "bf16 not timed: this CPU has no bf16 units (/proc/cpuinfo lists none of amx_bf16, avx512_bf16, bf16), "
                + "so PyTorch would emulate it: fp32 is faster here");
    }

    @Test
    void bf16IsSetBesideFp32PerPairAndTheFasterNamed() {
        assertThat(BenchCommand.sideBySide(pairviz.model.Precision.BF16, 0.5, 0.9)).isEqualTo("bf16 beside fp32, the same "
                + "pairs in the same run (forward pass and maps, no pictures): bf16 0.500 s, fp32 0.900 s a pair: bf16 x1.80 faster");
        assertThat(BenchCommand.sideBySide(pairviz.model.Precision.BF16, 2.0, 1.0))
                .endsWith("bf16 2.000 s, fp32 1.000 s a pair: fp32 is faster here (bf16 x2.00 slower)");
    }
}

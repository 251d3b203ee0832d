package pairviz.model;

import java.util.Locale;
import pairviz.PairvizException;

/**
 * The number format of a network's matrix products and convolutions.
 *
 * <p>{@link #FP32} is exact float32 everywhere (the default, and what the authors' code does).
 * {@link #BF16} runs the linear layers, the attention products and the convolutions in bfloat16
 * (8-bit mantissa, float32 range) with float32 inputs and outputs; softmax, norms, the rollout and
 * all explanation arithmetic stay float32, and training keeps float32 master weights. It pays on
 * CPUs with bfloat16 matrix units (Intel AMX, AVX512-BF16); elsewhere libtorch emulates it and it
 * is slower than float32 ({@code bench} measures both rates).
 */
public enum Precision {
    FP32,
    BF16;

    /** Parses {@code fp32} or {@code bf16} (any case). */
    public static Precision parse(String text) {
        for (Precision p : values()) {
            if (p.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return p;
            }
        }
        throw new PairvizException("unknown precision '" + text + "': use fp32 or bf16");
    }

    /** The lower-case name used on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

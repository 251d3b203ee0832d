package pairviz.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Whether this CPU multiplies bf16 in hardware (x86's AVX512-BF16 or AMX-BF16, Arm's BF16), as
 * Linux's {@code /proc/cpuinfo} lists its flags. Without such units PyTorch emulates bf16 products,
 * slower than fp32: timing them is time lost ({@code pairviz bench} skips it and says so).
 */
public final class Bf16Units {
    private Bf16Units() {}

    /** The flags, any of which means bf16 units: x86 ({@code flags}) and Arm ({@code Features}). */
    public static final Set<String> FLAGS = Set.of("avx512_bf16", "amx_bf16", "bf16");

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    /** Whether this CPU has bf16 units; empty where it cannot be told (no /proc/cpuinfo). */
    public static Optional<Boolean> present() {
        try {
            return present(Files.readString(CPUINFO));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code cpuinfo} (the text of /proc/cpuinfo) lists a bf16 flag; empty when it lists
     * no flags at all.
     */
    public static Optional<Boolean> present(String cpuinfo) {
        boolean listed = false;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            String key = colon < 0 ? "" : line.substring(0, colon).strip();
            if (!key.equals("flags") && !key.equals("Features")) {
                continue;
            }
            listed = true;
            for (String flag : line.substring(colon + 1).strip().split("\\s+")) {
                if (FLAGS.contains(flag)) {
                    return Optional.of(true);
                }
            }
        }
        return listed ? Optional.of(false) : Optional.empty();
    }
}

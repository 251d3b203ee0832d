package pairviz.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The CPU a measurement ran on, as Linux's {@code /proc/cpuinfo} names it: its model and which of
 * the vector extensions that decide PyTorch's matrix-product speed it lists (AVX2 and FMA; AVX-512
 * and its VNNI and BF16 parts; Intel's AMX tiles; Arm's ASIMD, SVE and BF16).
 *
 * @param model the model name ({@code model name}, or Arm's {@code CPU part}); "unknown" where none is listed
 * @param logicalCpus processors listed (0 where /proc/cpuinfo cannot be read)
 * @param extensions the listed extensions among {@link #EXTENSIONS}, in that order
 */
public record CpuDescription(String model, int logicalCpus, List<String> extensions) {
    /** The extensions a description reports, in the order they are reported. */
    public static final List<String> EXTENSIONS = List.of("avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16",
            "amx_tile", "amx_bf16", "amx_int8", "asimd", "sve", "bf16");

    public CpuDescription {
        extensions = List.copyOf(extensions);
    }

    /** This machine's CPU; "unknown" with no extensions where /proc/cpuinfo cannot be read. */
    public static CpuDescription ofThisMachine() {
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return new CpuDescription("unknown (no /proc/cpuinfo; " + System.getProperty("os.arch") + ")", 0, List.of());
        }
    }

    /** The description in the text of a {@code /proc/cpuinfo}. */
    public static CpuDescription parse(String cpuinfo) {
        String model = null;
        int cpus = 0;
        Set<String> flags = new LinkedHashSet<>();
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "processor" -> cpus++;
                case "model name", "Model name" -> model = model == null ? value : model;
                case "flags", "Features" -> flags.addAll(List.of(value.toLowerCase(Locale.ROOT).split("\\s+")));
                default -> { }
            }
        }
        List<String> listed = new ArrayList<>();
        for (String e : EXTENSIONS) {
            if (flags.contains(e)) {
                listed.add(e);
            }
        }
        return new CpuDescription(model == null ? "unknown" : model, cpus, listed);
    }

    /** One line: the model, the processors and the extensions, and the absence of AVX-512 and AMX said outright. */
    public String line() {
        StringBuilder b = new StringBuilder("CPU: ").append(model);
        if (logicalCpus > 0) {
            b.append(", ").append(logicalCpus).append(" logical CPUs");
        }
        b.append("; vector extensions: ").append(extensions.isEmpty() ? "none of " + String.join(", ", EXTENSIONS) : String.join(", ", extensions));
        if (extensions.contains("avx2") && !extensions.contains("avx512f")) {
            b.append(" (no AVX-512)");
        }
        if (extensions.contains("avx512f") && !extensions.contains("amx_tile")) {
            b.append(" (no AMX)");
        }
        return b.toString();
    }
}

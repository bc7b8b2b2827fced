package dev.visor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The machine a table was measured on: CPU model, cores, the vector/matrix flags that decide kernel choice, load. */
final class Machine {
    private Machine() {}

    /** One line: CPU model, cores, its avx2/avx512* /amx* /fma/vnni/bf16 flags (Linux; "unknown" elsewhere). */
    static String describe() {
        String model = "unknown CPU";
        List<String> flags = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (key.equals("model name")) {
                    model = value;
                } else if (key.equals("flags") && flags.isEmpty()) {
                    for (String f : value.split("\\s+")) {
                        if (f.equals("fma") || f.equals("avx2") || f.startsWith("avx512") || f.startsWith("amx") || f.equals("avx_vnni")) {
                            flags.add(f);
                        }
                    }
                }
            }
        } catch (IOException e) {
            return "cpu: unknown (" + e.getMessage() + ")";
        }
        return "cpu: " + model + ", " + Runtime.getRuntime().availableProcessors() + " cores, flags: "
                + (flags.isEmpty() ? "none of fma/avx2/avx512*/amx*" : String.join(" ", flags));
    }

    /** The 1-minute load average, or -1 when unknown. */
    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

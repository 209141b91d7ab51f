package io.brainseg.examples;

import ai.djl.engine.EngineException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns libtorch's out-of-memory failure (a multi-line C++ trace inside an {@link EngineException},
 * "DefaultCPUAllocator: can't allocate memory: you tried to allocate 12345 bytes" on CPU, "CUDA out of
 * memory. Tried to allocate 2.00 GiB" on a GPU) into one sentence: the size that failed and which
 * settings to lower. Any other engine failure is returned unchanged.
 */
final class NativeMemory {

    private static final Pattern CPU_BYTES = Pattern.compile("allocate (\\d+) bytes");
    private static final Pattern GPU_SIZE = Pattern.compile("[Tt]ried to allocate ([0-9.]+ [KMGT]?i?B)");

    private NativeMemory() {}

    /**
     * Explains an engine failure.
     *
     * @param e the engine's exception
     * @param advice what to lower, for example "lower --batch (16), --filters (32) or --crop (224)"
     * @return an {@link IllegalArgumentException} with one line for an out-of-memory failure (the
     *     settings are what asked for the memory), else {@code e} itself
     */
    static RuntimeException explain(EngineException e, String advice) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        boolean cpu = message.contains("DefaultCPUAllocator")
                && (message.contains("not enough memory") || message.contains("can't allocate memory"));
        boolean gpu = message.contains("out of memory");
        if (!cpu && !gpu) {
            return e;
        }
        String size = "an unknown size";
        Matcher m = CPU_BYTES.matcher(message);
        if (m.find()) {
            size = human(Long.parseLong(m.group(1)));
        } else {
            Matcher g = GPU_SIZE.matcher(message);
            if (g.find()) {
                size = g.group(1);
            }
        }
        return new IllegalArgumentException(
                String.format(
                        Locale.ROOT,
                        "out of %s memory: allocating %s failed; %s",
                        gpu ? "GPU" : "native (CPU)",
                        size,
                        advice),
                e);
    }

    /** Bytes as B, KiB, MiB, GiB or TiB with one decimal. */
    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

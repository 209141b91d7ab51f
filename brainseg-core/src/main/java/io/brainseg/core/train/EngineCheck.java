package io.brainseg.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns about an engine configuration known to corrupt training: libtorch 2.7.1's oneDNN
 * AVX-512 convolution backward returned NaN or non-repeatable weight gradients on the project's
 * AMD EPYC machines (conv 3×3, 8→8 channels, N=8, 32×32: NaN in 20 of 20 steps), while its AVX2
 * kernels are exact. oneDNN reads {@code ONEDNN_MAX_CPU_ISA} from the process environment at start,
 * so the JVM must be launched with {@code ONEDNN_MAX_CPU_ISA=AVX2}; Java cannot set it later.
 */
final class EngineCheck {

    static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
    private static final Logger LOG = LoggerFactory.getLogger(EngineCheck.class);
    private static volatile boolean warned;

    private EngineCheck() {}

    static boolean cpuHasAvx512() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            return Files.isReadable(cpuinfo) && Files.readString(cpuinfo).contains("avx512f");
        } catch (IOException e) {
            return false;
        }
    }

    static void warnIfUnsafe() {
        if (!warned && System.getenv(VARIABLE) == null && cpuHasAvx512()) {
            warned = true;
            LOG.warn("this CPU has AVX-512 and {} is unset: libtorch's oneDNN AVX-512 convolution backward has "
                    + "produced NaN gradients on such machines; launch the JVM with {}=AVX2", VARIABLE, VARIABLE);
        }
    }

    static String hint() {
        return System.getenv(VARIABLE) == null && cpuHasAvx512()
                ? " (this CPU has AVX-512 and " + VARIABLE + " is unset: if the loss is NaN from the first epochs, "
                        + "relaunch with " + VARIABLE + "=AVX2, see README)"
                : "";
    }
}

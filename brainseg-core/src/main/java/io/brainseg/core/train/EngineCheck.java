package io.brainseg.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns about an engine configuration known to corrupt training. On the project's AMD EPYC
 * machines (AVX-512), libtorch 2.7.1's oneDNN convolution backward is wrong with its AVX-512
 * kernels (NaN or non-repeatable weight gradients: conv 3×3, 8→8 channels, N=8, 32×32 gave NaN in
 * 20 of 20 steps) and with its AVX2 kernels (input gradients that keep only the kernel's first tap
 * when N &gt; 1); its AVX kernels are exact. oneDNN reads {@code ONEDNN_MAX_CPU_ISA} from the process
 * environment at start, so the JVM must be launched with {@code ONEDNN_MAX_CPU_ISA=AVX}; Java
 * cannot set it later.
 */
final class EngineCheck {

    static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
    private static final Logger LOG = LoggerFactory.getLogger(EngineCheck.class);
    private static volatile boolean warned;

    private EngineCheck() {}

    static boolean cpuHasAvx2() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            return Files.isReadable(cpuinfo) && Files.readString(cpuinfo).contains(" avx2");
        } catch (IOException e) {
            return false;
        }
    }

    /** The newest oneDNN instruction set whose convolution backward was exact here. */
    static final String SAFE_ISA = "AVX";

    static boolean isUnsafe() {
        String isa = System.getenv(VARIABLE);
        boolean capped = isa != null && (isa.equalsIgnoreCase(SAFE_ISA) || isa.toUpperCase(java.util.Locale.ROOT)
                .startsWith("SSE"));
        return !capped && cpuHasAvx2();
    }

    static void warnIfUnsafe() {
        if (!warned && isUnsafe()) {
            warned = true;
            LOG.warn("{} is {}: libtorch's oneDNN AVX2/AVX-512 convolution backward has produced wrong gradients "
                    + "on such machines; launch the JVM with {}={} (bin/brainseg does)", VARIABLE,
                    System.getenv(VARIABLE) == null ? "unset" : System.getenv(VARIABLE), VARIABLE, SAFE_ISA);
        }
    }

    static String hint() {
        return isUnsafe()
                ? " (" + VARIABLE + " is not " + SAFE_ISA + ": if the loss is NaN from the first epochs, "
                        + "relaunch with " + VARIABLE + "=" + SAFE_ISA + ", see README)"
                : "";
    }
}

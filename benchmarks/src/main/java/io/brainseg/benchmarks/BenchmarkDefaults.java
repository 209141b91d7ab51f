package io.brainseg.benchmarks;

/** Settings every brainseg benchmark shares. */
public final class BenchmarkDefaults {

    /**
     * JVM arguments for forked benchmark JVMs: DJL stays offline, and the heap is large enough
     * for the cached real dataset. Use as {@code @Fork(value = 1, jvmArgsAppend = {OFFLINE, HEAP})}.
     */
    public static final String OFFLINE = "-Dai.djl.offline=true";

    /** Heap size for forked benchmark JVMs. */
    public static final String HEAP = "-Xmx8g";

    private BenchmarkDefaults() {}
}

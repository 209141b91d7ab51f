package io.brainseg.benchmarks;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * The {@code -p device=cpu|gpu} parameter every tensor benchmark takes (default {@code cpu}). On a
 * machine without a GPU that the engine can use, {@code gpu} fails at set-up with one line saying
 * so, instead of silently measuring the CPU.
 */
public final class BenchmarkDevice {

    private BenchmarkDevice() {}

    /**
     * Resolves the parameter.
     *
     * @param name {@code cpu} or {@code gpu} (case-insensitive)
     * @return the device
     * @throws IllegalArgumentException if the name is neither
     * @throws IllegalStateException if {@code gpu} is asked for and the engine sees no GPU
     */
    public static Device of(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                Engine engine = Engine.getInstance();
                if (engine.getGpuCount() < 1) {
                    throw new IllegalStateException(
                            "device=gpu: " + engine.getEngineName() + " " + engine.getVersion()
                                    + " sees no GPU on this machine (no CUDA driver or a CPU-only libtorch); use -p device=cpu");
                }
                return Device.gpu();
            default:
                throw new IllegalArgumentException("device must be cpu or gpu, got \"" + name + "\"");
        }
    }
}

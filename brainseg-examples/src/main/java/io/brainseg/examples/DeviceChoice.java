package io.brainseg.examples;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Turns a {@code --device} value into a DJL {@link Device}, and refuses {@code gpu} up front when the
 * engine sees no GPU. Without the check a CPU build (the CPU libtorch that bin/brainseg bundles)
 * fails deep inside the first forward pass with an engine stack trace; with it the user reads one
 * line saying what to change.
 */
final class DeviceChoice {

    private DeviceChoice() {}

    /**
     * Parses a device name against the GPUs the PyTorch engine reports.
     *
     * @param name {@code cpu} or {@code gpu} (any case)
     * @return the device
     * @throws IllegalArgumentException if the name is unknown, or {@code gpu} is asked for and the
     *     engine sees no GPU
     */
    static Device parse(String name) {
        return parse(name, Engine.getInstance().getGpuCount());
    }

    /**
     * Parses a device name against a given GPU count.
     *
     * @param name {@code cpu} or {@code gpu} (any case)
     * @param gpuCount the number of GPUs the engine sees
     * @return the device
     * @throws IllegalArgumentException if the name is unknown, or {@code gpu} with {@code gpuCount == 0}
     */
    static Device parse(String name, int gpuCount) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (gpuCount < 1) {
                    throw new IllegalArgumentException("--device gpu: the PyTorch engine sees no GPU (this is "
                            + Engine.getInstance().getEngineName() + " "
                            + Engine.getInstance().getVersion()
                            + " with a CPU libtorch, or no CUDA driver); use --device cpu, or run with a CUDA "
                            + "build of libtorch 2.7.1 (README \"Install\")");
                }
                return Device.gpu();
            default:
                throw new IllegalArgumentException("unknown device '" + name + "'; use cpu or gpu");
        }
    }
}

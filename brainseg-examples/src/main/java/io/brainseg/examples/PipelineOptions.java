package io.brainseg.examples;

import ai.djl.Device;
import picocli.CommandLine.Option;

/**
 * The options of the reference pipeline that {@code train} and {@code tune} declare alike (same
 * name, default and description), as a picocli mixin: {@code --size}, {@code --patience},
 * {@code --seed}, {@code --device} and {@code --quiet}. Options whose meaning differs between the
 * two commands (for example {@code --epochs}, optional with {@code train --resume}, or
 * {@code --model}, which a search space may override) stay in the commands.
 */
final class PipelineOptions {

    @Option(names = "--size", defaultValue = "256", description = "Expected slice size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(
            names = "--patience",
            defaultValue = "10",
            description = "Early-stopping patience, 0 for none (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
    String deviceName;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /**
     * Parses {@code --device}.
     *
     * @return the device
     * @throws IllegalArgumentException for an unknown name, or {@code gpu} when the engine sees no GPU
     *     (a CPU build of libtorch, or no CUDA driver), in one line
     */
    Device device() {
        return DeviceChoice.parse(deviceName);
    }
}

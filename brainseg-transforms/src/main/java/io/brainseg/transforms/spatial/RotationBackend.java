package io.brainseg.transforms.spatial;

import ai.djl.Device;

/**
 * Which implementation rotates the batch. Both compute the same sampling formula (see
 * {@link Rotate}) and agree to float rounding.
 */
public enum RotationBackend {
    /** {@link #CPU_KERNEL} when the batch lives on the CPU, {@link #NDARRAY} otherwise. */
    AUTO,
    /**
     * Device-generic: sampling positions, weights and indices are built as arrays and read with
     * {@code gather}; no host round trip, no Java per-pixel work; for GPUs. About 4 gathers of
     * the whole batch for bilinear mode, which is slow on a few CPU cores.
     */
    NDARRAY,
    /**
     * Fused Java kernel over the float buffer, one pass per sample, parallel over samples and row
     * blocks: each output pixel computes its position incrementally and reads its 4 taps for
     * every channel. Copies the batch to the heap and back, so it is for CPU batches only.
     */
    CPU_KERNEL;

    /**
     * Resolves {@link #AUTO} for a device.
     *
     * @param device the batch device
     * @return the concrete backend
     */
    public RotationBackend resolve(Device device) {
        if (this != AUTO) {
            return this;
        }
        return Device.Type.CPU.equals(device.getDeviceType()) ? CPU_KERNEL : NDARRAY;
    }
}

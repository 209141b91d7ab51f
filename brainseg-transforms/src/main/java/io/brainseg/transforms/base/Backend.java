package io.brainseg.transforms.base;

import ai.djl.Device;

/**
 * Which implementation runs a transform that has a fused CPU kernel (rotation, random flip, random
 * crop, Gaussian noise). Both give the same result: exactly for flips, crops and noise, to float
 * rounding for bilinear rotation (same sampling formula).
 */
public enum Backend {
    /** {@link #CPU_KERNEL} when the batch lives on the CPU, {@link #NDARRAY} otherwise. */
    AUTO,
    /**
     * Device-generic NDArray operations; no host round trip, no Java per-pixel work; for GPUs.
     * Rotation builds sampling positions, weights and indices as arrays and reads them with
     * {@code gather} (4 gathers of the whole batch in bilinear mode, slow on a few CPU cores);
     * flips use {@code where} on a per-sample flag column; crops slice each sample.
     */
    NDARRAY,
    /**
     * Fused Java kernels over the memory of CPU tensors (see {@link CpuBuffers}), one pass,
     * parallel over samples (and row blocks for rotation): each rotated output pixel computes its
     * position and reads its 4 taps for every channel; flips and crops copy bytes; noise is added
     * in place of a copy. For CPU batches only.
     */
    CPU_KERNEL;

    /**
     * Resolves {@link #AUTO} for a device.
     *
     * @param device the batch device
     * @return the concrete backend
     */
    public Backend resolve(Device device) {
        if (this != AUTO) {
            return this;
        }
        return Device.Type.CPU.equals(device.getDeviceType()) ? CPU_KERNEL : NDARRAY;
    }
}

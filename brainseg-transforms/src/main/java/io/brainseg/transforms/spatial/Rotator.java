package io.brainseg.transforms.spatial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.brainseg.transforms.base.Backend;
import java.util.Set;

/**
 * The resampling settings shared by {@link Rotate} and {@link RandRotate}: the interpolation for
 * ordinary keys, nearest for mask keys (so masks stay exact and binary), the padding and the
 * backend.
 *
 * @param mode interpolation of keys that are not mask keys
 * @param padding padding mode
 * @param maskKeys keys always resampled with {@link InterpolationMode#NEAREST}
 * @param backend which implementation to use
 */
record Rotator(InterpolationMode mode, PaddingMode padding, Set<String> maskKeys, Backend backend) {

    /**
     * Rotates one keyed array.
     *
     * @param m the step manager
     * @param key the key (decides the interpolation)
     * @param x the {@code N×C×H×W} array
     * @param angles per-sample angles in radians
     * @param oh output rows
     * @param ow output columns
     * @return the rotated array
     */
    NDArray rotate(NDManager m, String key, NDArray x, double[] angles, int oh, int ow) {
        InterpolationMode keyMode = maskKeys.contains(key) ? InterpolationMode.NEAREST : mode;
        if (backend.resolve(m.getDevice()) == Backend.CPU_KERNEL) {
            return CpuRotation.rotate(m, x, angles, oh, ow, keyMode, padding);
        }
        return NdArrayRotation.rotate(m, x, angles, oh, ow, keyMode, padding);
    }
}

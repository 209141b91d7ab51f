package io.brainseg.transforms.spatial;

/** How a resampling transform reads the input between pixels (MONAI's {@code mode}). */
public enum InterpolationMode {
    /** Weighted mean of the 4 neighbouring pixels; integer input gives float32 output. */
    BILINEAR,
    /** The nearest pixel, rounding half to even (np.rint); keeps the dtype and exact values. */
    NEAREST
}

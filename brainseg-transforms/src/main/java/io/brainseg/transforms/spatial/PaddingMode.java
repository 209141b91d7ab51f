package io.brainseg.transforms.spatial;

/** What a resampling transform reads outside the image (MONAI's {@code padding_mode}). */
public enum PaddingMode {
    /** Taps outside the image contribute 0. */
    ZEROS,
    /** The sample position is clamped to the image first ({@code [0, H−1] × [0, W−1]}). */
    BORDER
}

package io.brainseg.models.blocks;

/** Activation of a MONAI-style ADN unit (MONAI's {@code Act} names). */
public enum Act {
    /** Parametric ReLU, one parameter initialised to 0.25 (MONAI's UNet default). */
    PRELU,
    /** max(x, 0). */
    RELU
}

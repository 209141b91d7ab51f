package io.brainseg.models.blocks;

/** Normalisation of a MONAI-style ADN unit (MONAI's {@code Norm} names). */
public enum Norm {
    /** Instance norm over H×W, no affine parameters, eps 1e-5 (MONAI's UNet default). */
    INSTANCE,
    /** Batch norm with affine parameters (2C) and running statistics, eps 1e-5, momentum 0.1. */
    BATCH
}

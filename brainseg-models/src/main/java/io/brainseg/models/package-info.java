/**
 * UNet and Attention U-Net builders structurally identical to MONAI's ({@link io.brainseg.models.UNet},
 * {@link io.brainseg.models.AttentionUNet}), registered as {@link io.brainseg.core.model.ModelFactory}
 * services for the architectures {@code "unet"} and {@code "attention-unet"}.
 */
package io.brainseg.models;

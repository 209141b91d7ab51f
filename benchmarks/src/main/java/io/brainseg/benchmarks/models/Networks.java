package io.brainseg.benchmarks.models;

import ai.djl.nn.Block;
import io.brainseg.models.AttentionUNet;
import io.brainseg.models.UNet;

/** The networks the model benchmarks compare, as the reference project configures them. */
public enum Networks {
    /** MONAI UNet, channels 16..256, strides 2×4, 2 residual units (1,625,420 parameters). */
    UNET_16,
    /** MONAI UNet, channels 32..512 (6,495,868 parameters). */
    UNET_32,
    /** MONAI AttentionUnet, channels 16..256 (1,987,705 parameters). */
    ATTENTION_16;

    /**
     * Builds the network, in=3, out=1.
     *
     * @return a new, uninitialised block
     */
    public Block build() {
        switch (this) {
            case UNET_16:
                return unet(16);
            case UNET_32:
                return unet(32);
            default:
                return AttentionUNet.builder()
                        .setInChannels(3)
                        .setOutChannels(1)
                        .setChannels(16, 32, 64, 128, 256)
                        .setStrides(2, 2, 2, 2)
                        .build();
        }
    }

    private static Block unet(int f) {
        return UNet.builder()
                .setInChannels(3)
                .setOutChannels(1)
                .setChannels(f, 2 * f, 4 * f, 8 * f, 16 * f)
                .setStrides(2, 2, 2, 2)
                .optNumResUnits(2)
                .build();
    }
}

package io.brainseg.models;

/** Small networks (channels 4…64) that several tests build the same way. */
final class TestNetworks {

    private TestNetworks() {}

    /** UNet 3 → 1 channels, two residual units per level, dropout 0.1. */
    static UNet smallUNet() {
        return UNet.builder()
                .setInChannels(3)
                .setOutChannels(1)
                .setChannels(4, 8, 16, 32, 64)
                .setStrides(2, 2, 2, 2)
                .optNumResUnits(2)
                .optDropout(0.1)
                .build();
    }

    /** AttentionUNet 3 → 1 channels, dropout 0.1. */
    static AttentionUNet smallAttentionUNet() {
        return AttentionUNet.builder()
                .setInChannels(3)
                .setOutChannels(1)
                .setChannels(4, 8, 16, 32, 64)
                .setStrides(2, 2, 2, 2)
                .optDropout(0.1)
                .build();
    }
}

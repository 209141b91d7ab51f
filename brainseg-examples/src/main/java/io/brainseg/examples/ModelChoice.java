package io.brainseg.examples;

import ai.djl.nn.Block;
import io.brainseg.core.batch.SliceContext;
import io.brainseg.models.AttentionUNet;
import io.brainseg.models.UNet;

/** The networks the command line can build, with the reference layout: channels f..16f, strides 2×4. */
enum ModelChoice {
    /** MONAI's UNet (InstanceNorm, PReLU, residual units). */
    UNET("unet"),
    /** MONAI's AttentionUnet (BatchNorm, ReLU, attention gates). */
    ATTENTION_UNET("attention-unet");

    private final String cliName;

    ModelChoice(String cliName) {
        this.cliName = cliName;
    }

    static ModelChoice parse(String name) {
        for (ModelChoice c : values()) {
            if (c.cliName.equalsIgnoreCase(name) || c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; use unet or attention-unet");
    }

    Block build(int filters, int resUnits, double dropout) {
        return build(SliceContext.SLICE_CHANNELS, filters, resUnits, dropout);
    }

    /**
     * Builds the network for {@code inChannels} input channels: 3 for single slices,
     * {@code 3·(2K+1)} for the 2.5-D input with K neighbouring slices on each side.
     */
    Block build(int inChannels, int filters, int resUnits, double dropout) {
        int[] channels = {filters, 2 * filters, 4 * filters, 8 * filters, 16 * filters};
        return switch (this) {
            case UNET -> UNet.builder()
                    .setInChannels(inChannels)
                    .setOutChannels(1)
                    .setChannels(channels)
                    .setStrides(2, 2, 2, 2)
                    .optNumResUnits(resUnits)
                    .optDropout(dropout)
                    .build();
            case ATTENTION_UNET -> AttentionUNet.builder()
                    .setInChannels(inChannels)
                    .setOutChannels(1)
                    .setChannels(channels)
                    .setStrides(2, 2, 2, 2)
                    .optDropout(dropout)
                    .build();
        };
    }

    /** Lets picocli parse {@code --model}, so an unknown name is a usage error (exit 2). */
    static final class Converter implements picocli.CommandLine.ITypeConverter<ModelChoice> {
        @Override
        public ModelChoice convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return cliName;
    }
}

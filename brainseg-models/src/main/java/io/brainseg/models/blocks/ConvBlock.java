package io.brainseg.models.blocks;

import ai.djl.nn.SequentialBlock;

/**
 * MONAI's Attention U-Net {@code ConvBlock}: two {@link Convolution}s (k×k, batch norm, dropout,
 * ReLU), the first {@code in→out} with the stride, the second {@code out→out} with stride 1.
 * Padding is MONAI's {@code get_padding}: {@code ⌊(k − s + 1)/2⌋}. Parameters:
 * {@code 9·in·out + out + 2out + 9·out² + out + 2out} for k=3.
 */
public class ConvBlock extends SequentialBlock {

    ConvBlock(Builder b) {
        add(convolution(b, b.inChannels, b.stride));
        add(convolution(b, b.outChannels, 1));
    }

    /** One {@code in→out} k×k convolution with MONAI's padding for the stride, batch norm, dropout, ReLU. */
    private static Convolution convolution(Builder b, int inChannels, int stride) {
        return Convolution.builder()
                .setInChannels(inChannels)
                .setOutChannels(b.outChannels)
                .optKernelSize(b.kernelSize)
                .optStride(stride)
                .optPadding(padding(b.kernelSize, stride))
                .optAct(Act.RELU)
                .optNorm(Norm.BATCH)
                .optDropout(b.dropout)
                .build();
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * MONAI's {@code get_padding(k, s)}.
     *
     * @param kernelSize k
     * @param stride s
     * @return {@code ⌊(k − s + 1)/2⌋}
     * @throws IllegalArgumentException if negative
     */
    static int padding(int kernelSize, int stride) {
        int p = (kernelSize - stride + 1) / 2;
        if (kernelSize - stride + 1 < 0) {
            throw new IllegalArgumentException("stride " + stride + " is too large for kernel size " + kernelSize);
        }
        return p;
    }

    /**
     * Builds a {@link ConvBlock}; channels are required (see {@link ConvUnitBuilder}); the stride
     * applies to the first convolution and is at most k + 1.
     */
    public static final class Builder extends ConvUnitBuilder<Builder> {

        Builder() {
            super("ConvBlock");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException naming the setting and value if one is invalid
         */
        public ConvBlock build() {
            validateUnit();
            padding(kernelSize, stride);
            return new ConvBlock(this);
        }
    }
}

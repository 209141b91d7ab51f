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
        int inChannels = b.inChannels;
        int outChannels = b.outChannels;
        int kernelSize = b.kernelSize;
        int stride = b.stride;
        double dropout = b.dropout;
        add(Convolution.builder().setInChannels(inChannels).setOutChannels(outChannels).optKernelSize(kernelSize)
                .optStride(stride).optPadding(padding(kernelSize, stride)).optAct(Act.RELU).optNorm(Norm.BATCH)
                .optDropout(dropout).build());
        add(Convolution.builder().setInChannels(outChannels).setOutChannels(outChannels).optKernelSize(kernelSize)
                .optStride(1).optPadding(padding(kernelSize, 1)).optAct(Act.RELU).optNorm(Norm.BATCH)
                .optDropout(dropout).build());
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

    /** Builds a {@link ConvBlock}; channels are required. */
    public static final class Builder {
        private int inChannels = -1;
        private int outChannels = -1;
        private int kernelSize = 3;
        private int stride = 1;
        private double dropout;

        Builder() {}

        /**
         * Sets the input channels (required).
         *
         * @param inChannels C_in ≥ 1
         * @return this builder
         */
        public Builder setInChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /**
         * Sets the output channels (required).
         *
         * @param outChannels C_out ≥ 1
         * @return this builder
         */
        public Builder setOutChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        /**
         * Sets the square kernel size of both convolutions (default 3).
         *
         * @param kernelSize k ≥ 1
         * @return this builder
         */
        public Builder optKernelSize(int kernelSize) {
            this.kernelSize = kernelSize;
            return this;
        }

        /**
         * Sets the stride of the first convolution (default 1).
         *
         * @param stride s ≥ 1, at most k + 1
         * @return this builder
         */
        public Builder optStride(int stride) {
            this.stride = stride;
            return this;
        }

        /**
         * Sets the dropout rate of both ADN units (default 0).
         *
         * @param dropout 0 ≤ p &lt; 1
         * @return this builder
         */
        public Builder optDropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException naming the setting and value if one is invalid
         */
        public ConvBlock build() {
            if (inChannels < 1) {
                throw new IllegalArgumentException("ConvBlock: invalid inChannels = " + inChannels);
            }
            if (outChannels < 1) {
                throw new IllegalArgumentException("ConvBlock: invalid outChannels = " + outChannels);
            }
            if (kernelSize < 1) {
                throw new IllegalArgumentException("ConvBlock: invalid kernelSize = " + kernelSize);
            }
            if (stride < 1) {
                throw new IllegalArgumentException("ConvBlock: invalid stride = " + stride);
            }
            padding(kernelSize, stride);
            return new ConvBlock(this);
        }
    }
}

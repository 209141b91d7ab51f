package io.brainseg.models.blocks;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * MONAI's {@code Convolution}: a 2-D convolution (or transposed convolution) followed by an
 * {@link ADN} unit, unless {@code convOnly}.
 *
 * <p>Input {@code N×inChannels×H×W}. A convolution gives {@code N×outChannels×H'×W'} with
 * {@code H' = ⌊(H + 2p − k)/s⌋ + 1}; a transposed one {@code H' = (H−1)s − 2p + k + op}. Padding
 * defaults to MONAI's "same" padding {@code (k−1)/2}, output padding to {@code s−1}; the bias is
 * on. Parameters: {@code k²·in·out + out}, plus the ADN's.
 */
public class Convolution extends SequentialBlock {

    private final Block conv;

    Convolution(Builder b) {
        int padding = b.padding >= 0 ? b.padding : (b.kernelSize - 1) / 2;
        if (b.transposed) {
            int outputPadding = b.outputPadding >= 0 ? b.outputPadding : b.stride - 1;
            conv = ConvTranspose2d.builder()
                    .setInChannels(b.inChannels)
                    .setOutChannels(b.outChannels)
                    .setKernelSize(b.kernelSize)
                    .optStride(b.stride)
                    .optPadding(padding)
                    .optOutputPadding(outputPadding)
                    .optBias(true)
                    .build();
        } else {
            conv = Conv2dLayer.builder()
                    .setInChannels(b.inChannels)
                    .setOutChannels(b.outChannels)
                    .setKernelSize(b.kernelSize)
                    .optStride(b.stride)
                    .optPadding(padding)
                    .build();
        }
        add(conv);
        if (!b.convOnly) {
            add(ADN.builder()
                    .setChannels(b.outChannels)
                    .optNorm(b.norm)
                    .optDropout(b.dropout)
                    .optAct(b.act)
                    .build());
        }
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
     * Returns the convolution: a {@link Conv2dLayer} or a {@link ConvTranspose2d}.
     *
     * @return the convolution block
     */
    public Block getConv() {
        return conv;
    }

    /** Builds a {@link Convolution}; channels are required (see {@link AdnUnitBuilder}). */
    public static final class Builder extends AdnUnitBuilder<Builder> {
        private int padding = -1;
        private int outputPadding = -1;
        private boolean transposed;
        private boolean convOnly;

        Builder() {
            super("Convolution");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the padding (default {@code (k−1)/2}).
         *
         * @param padding p ≥ 0
         * @return this builder
         */
        public Builder optPadding(int padding) {
            this.padding = padding;
            return this;
        }

        /**
         * Sets the output padding of a transposed convolution (default {@code s−1}).
         *
         * @param outputPadding 0 ≤ op &lt; s
         * @return this builder
         */
        public Builder optOutputPadding(int outputPadding) {
            this.outputPadding = outputPadding;
            return this;
        }

        /**
         * Makes the convolution a transposed one (default false).
         *
         * @param transposed true for {@link ConvTranspose2d}
         * @return this builder
         */
        public Builder optTransposed(boolean transposed) {
            this.transposed = transposed;
            return this;
        }

        /**
         * Leaves out the ADN unit (default false).
         *
         * @param convOnly true for a bare convolution
         * @return this builder
         */
        public Builder optConvOnly(boolean convOnly) {
            this.convOnly = convOnly;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException naming the setting and value if one is invalid
         */
        public Convolution build() {
            validateAdnUnit();
            return new Convolution(this);
        }
    }
}

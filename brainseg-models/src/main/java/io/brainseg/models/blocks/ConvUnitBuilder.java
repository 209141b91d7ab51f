package io.brainseg.models.blocks;

/**
 * The settings of MONAI's composite convolution units ({@link Convolution}, {@link ConvBlock},
 * {@link ResidualUnit}): channels and stride (default 1), an optional square kernel size
 * (default 3, MONAI's) and the dropout rate of their ADN units (default 0).
 *
 * @param <T> the concrete builder
 */
public abstract class ConvUnitBuilder<T extends ConvUnitBuilder<T>> extends ChannelsBuilder<T> {

    int kernelSize = 3;
    double dropout;

    /**
     * Creates a builder with stride 1, kernel size 3 and no dropout.
     *
     * @param block the block's name in messages
     */
    ConvUnitBuilder(String block) {
        super(block, 1);
    }

    /**
     * Sets the square kernel size of the unit's convolutions (default 3).
     *
     * @param kernelSize k ≥ 1
     * @return this builder
     */
    public T optKernelSize(int kernelSize) {
        this.kernelSize = kernelSize;
        return self();
    }

    /**
     * Sets the dropout rate of the unit's ADN units (default 0).
     *
     * @param dropout 0 ≤ p &lt; 1
     * @return this builder
     */
    public T optDropout(double dropout) {
        this.dropout = dropout;
        return self();
    }

    /** Checks the channels, stride, kernel size (≥ 1) and dropout rate. */
    final void validateUnit() {
        validateChannels(1);
        require(kernelSize >= 1, "kernelSize", kernelSize);
        requireDropout(dropout);
    }
}

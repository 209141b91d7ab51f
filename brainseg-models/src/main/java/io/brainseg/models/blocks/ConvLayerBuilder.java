package io.brainseg.models.blocks;

/**
 * The settings of a single convolution layer with PyTorch's names ({@link Conv2dLayer},
 * {@link ConvTranspose2d}): channels and stride, a required square kernel size, the zero padding
 * (default 0) and the bias (default on).
 *
 * @param <T> the concrete builder
 */
public abstract class ConvLayerBuilder<T extends ConvLayerBuilder<T>> extends ChannelsBuilder<T> {

    int kernelSize = -1;
    int padding;
    boolean bias = true;

    /**
     * Creates a builder with stride 1, padding 0 and a bias, as {@code torch.nn.Conv2d}.
     *
     * @param block the block's name in messages
     */
    ConvLayerBuilder(String block) {
        super(block, 1);
    }

    /**
     * Sets the square kernel size (required).
     *
     * @param kernelSize k ≥ 1
     * @return this builder
     */
    public T setKernelSize(int kernelSize) {
        this.kernelSize = kernelSize;
        return self();
    }

    /**
     * Sets the padding on each border (default 0): zeros added around the input of a
     * convolution, rows/columns removed from each border of a transposed convolution's full output.
     *
     * @param padding p ≥ 0 (a transposed convolution also needs p ≤ k−1)
     * @return this builder
     */
    public T optPadding(int padding) {
        this.padding = padding;
        return self();
    }

    /**
     * Sets whether a bias is added (default true).
     *
     * @param bias true for a bias of C_out values
     * @return this builder
     */
    public T optBias(boolean bias) {
        this.bias = bias;
        return self();
    }

    /**
     * Checks the channels, stride and kernel size, and that the padding is ≥ 0 and at most
     * {@code maxPadding}.
     *
     * @param maxPadding the largest valid padding
     */
    final void validateLayer(int maxPadding) {
        validateChannels(1);
        require(kernelSize >= 1, "kernelSize", kernelSize);
        require(padding >= 0 && padding <= maxPadding, "padding", padding);
    }
}

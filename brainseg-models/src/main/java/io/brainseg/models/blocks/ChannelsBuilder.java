package io.brainseg.models.blocks;

/**
 * A builder of a block mapping {@code inChannels} to {@code outChannels} channels with a stride:
 * the two required channel counts and the optional stride, whose default the subclass chooses
 * (1 for a convolution, 2 for an {@link AttentionLayer}'s level step).
 *
 * @param <T> the concrete builder
 */
public abstract class ChannelsBuilder<T extends ChannelsBuilder<T>> extends BlockBuilder<T> {

    int inChannels = -1;
    int outChannels = -1;
    int stride;

    /**
     * Creates a builder with the given default stride.
     *
     * @param block the block's name in messages
     * @param stride the default stride
     */
    ChannelsBuilder(String block, int stride) {
        super(block);
        this.stride = stride;
    }

    /**
     * Sets the number of input channels (required).
     *
     * @param inChannels C_in ≥ 1
     * @return this builder
     */
    public T setInChannels(int inChannels) {
        this.inChannels = inChannels;
        return self();
    }

    /**
     * Sets the number of output channels (required).
     *
     * @param outChannels C_out ≥ 1
     * @return this builder
     */
    public T setOutChannels(int outChannels) {
        this.outChannels = outChannels;
        return self();
    }

    /**
     * Sets the stride (default: the block's, see its builder); a strided block's first
     * convolution (and residual path) takes it, the others use 1.
     *
     * @param stride s ≥ 1
     * @return this builder
     */
    public T optStride(int stride) {
        this.stride = stride;
        return self();
    }

    /**
     * Checks both channel counts (≥ {@code minIn} and ≥ 1) and the stride (≥ 1).
     *
     * @param minIn the smallest valid input channel count
     */
    final void validateChannels(int minIn) {
        require(inChannels >= minIn, "inChannels", inChannels);
        require(outChannels >= 1, "outChannels", outChannels);
        require(stride >= 1, "stride", stride);
    }
}

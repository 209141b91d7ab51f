package io.brainseg.models.blocks;

/**
 * A builder of a block that keeps its input's shape and works per channel ({@link ADN},
 * {@link InstanceNorm2d}): the one required setting is the channel count C, the input's axis 1.
 *
 * @param <T> the concrete builder
 */
public abstract class PerChannelBuilder<T extends PerChannelBuilder<T>> extends BlockBuilder<T> {

    int channels = -1;

    /**
     * Creates a builder with the channel count unset.
     *
     * @param block the block's name in messages
     */
    PerChannelBuilder(String block) {
        super(block);
    }

    /**
     * Sets the number of channels normalised (required).
     *
     * @param channels C ≥ 1
     * @return this builder
     */
    public T setChannels(int channels) {
        this.channels = channels;
        return self();
    }

    /** Checks that the channel count was set to a positive value. */
    final void validateChannelCount() {
        require(channels >= 1, "channels", channels);
    }
}

package io.brainseg.models.blocks;

import ai.djl.ndarray.NDArray;
import io.brainseg.core.engine.ConvPadding;
import io.brainseg.core.engine.EngineProbe;

/**
 * A 2-D convolution layer with PyTorch's {@code Conv2d} semantics and initialisation (square
 * kernel, stride, zero padding, optional bias), computed through
 * {@link ConvPadding#conv2d io.brainseg.core.engine.ConvPadding}, which works around oneDNN's
 * channel-padding defect on the machines where {@link EngineProbe} finds it and is plain
 * {@code conv2d} elsewhere. Named {@code Conv2dLayer} so it never shadows DJL's
 * {@code ai.djl.nn.convolutional.Conv2d}.
 *
 * <p>Input {@code N×inChannels×H×W}, output {@code N×outChannels×H'×W'} with
 * {@code H' = ⌊(H + 2p − k)/s⌋ + 1}; weight {@code outChannels×inChannels×k×k}, bias
 * {@code outChannels}. Build it with {@link #builder()}.
 *
 * <p>Why not DJL's own {@code Conv2d}: it calls the engine directly, so on an affected machine its
 * input gradients (filters not a multiple of oneDNN's channel block) and forward values (more input
 * channels than the block, not a multiple of it) are wrong; see {@code docs/engine-defects.md}.
 * {@link ConvLayer#initialize} runs the probe for the parameters' device, before any training step opens
 * its gradient collector.
 */
public class Conv2dLayer extends ConvLayer {

    Conv2dLayer(Builder b) {
        super("Conv2dLayer", b, b.outChannels, b.inChannels);
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
     * Convolves like {@code torch.nn.functional.conv2d} (dilation 1, one group) through
     * {@link ConvPadding#conv2d}; for blocks built from convolutions of derived weights (the
     * transposed convolution).
     *
     * @param x input {@code N×C×H×W}; its manager receives every intermediate array
     * @param w weight {@code F×C×kh×kw}
     * @param b bias {@code F}, or null
     * @param stride the stride (both axes)
     * @param padH zero padding of the rows (each border)
     * @param padW zero padding of the columns (each border)
     * @param training whether the pass may be differentiated; inference (false) skips the filter
     *     padding, which only input gradients need
     * @return {@code N×F×H'×W'}
     */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray b, long stride, long padH, long padW, boolean training) {
        return ConvPadding.conv2d(x, w, b, stride, padH, padW, training);
    }

    /**
     * Returns the output length along one spatial axis.
     *
     * @param in the input length
     * @return {@code ⌊(in + 2p − k)/s⌋ + 1}
     */
    @Override
    public long outputSize(long in) {
        return (in + 2L * padding - kernelSize) / stride + 1;
    }

    @Override
    NDArray convolve(NDArray x, NDArray w, NDArray b, boolean training) {
        return ConvPadding.conv2d(x, w, b, stride, padding, padding, training);
    }

    @Override
    public String toString() {
        return "Conv2dLayer(" + inChannels + ", " + outChannels + ", kernel_size=" + kernelSize + ", stride=" + stride
                + ", padding=" + padding + ", bias=" + bias + ")";
    }

    /** Builds a {@link Conv2dLayer}; channels and kernel size are required (see {@link ConvLayerBuilder}). */
    public static final class Builder extends ConvLayerBuilder<Builder> {

        Builder() {
            super("Conv2dLayer");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the layer.
         *
         * @return the layer
         * @throws IllegalArgumentException naming the setting and value if one is invalid
         */
        public Conv2dLayer build() {
            validateLayer(Integer.MAX_VALUE);
            return new Conv2dLayer(this);
        }
    }
}

package io.brainseg.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
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
 * {@link #initialize} runs the probe for the parameters' device, before any training step opens
 * its gradient collector.
 */
public class Conv2dLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final boolean bias;
    private final Parameter weight;
    private final Parameter biasParam;

    Conv2dLayer(Builder b) {
        super(VERSION);
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.kernelSize = b.kernelSize;
        this.stride = b.stride;
        this.padding = b.padding;
        this.bias = b.bias;
        // torch.nn.Conv2d's initialisation (kaiming_uniform with a = √5 and its bias rule): both
        // U(−1/√fan_in, 1/√fan_in), fan_in = C_in·k². MONAI keeps it, and its results assume it.
        float bound = (float) (1 / Math.sqrt((double) inChannels * kernelSize * kernelSize));
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(outChannels, inChannels, kernelSize, kernelSize))
                .optInitializer(new UniformInitializer(bound)).build());
        biasParam = bias
                ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                        .optShape(new Shape(outChannels)).optInitializer(new UniformInitializer(bound)).build())
                : null;
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
    public static NDArray conv2d(NDArray x, NDArray w, NDArray b, long stride, long padH, long padW,
            boolean training) {
        return ConvPadding.conv2d(x, w, b, stride, padH, padW, training);
    }

    /** @return C_in */
    public int getInChannels() {
        return inChannels;
    }

    /** @return C_out */
    public int getOutChannels() {
        return outChannels;
    }

    /** @return the square kernel size */
    public int getKernelSize() {
        return kernelSize;
    }

    /** @return the stride */
    public int getStride() {
        return stride;
    }

    /** @return the zero padding on each border */
    public int getPadding() {
        return padding;
    }

    /** @return whether a bias is added */
    public boolean hasBias() {
        return bias;
    }

    /**
     * Returns the output length along one spatial axis.
     *
     * @param in the input length
     * @return {@code ⌊(in + 2p − k)/s⌋ + 1}
     */
    public long outputSize(long in) {
        return (in + 2L * padding - kernelSize) / stride + 1;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), outChannels, outputSize(s.get(2)), outputSize(s.get(3)))};
    }

    /**
     * Initialises the parameters and runs the engine probe for {@code manager}'s device (cached per
     * process), so training steps find the padding decision made.
     */
    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        EngineProbe.verdict(manager.getDevice());
        super.initialize(manager, dataType, inputShapes);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != inChannels) {
            throw new IllegalArgumentException("Conv2dLayer expects N×" + inChannels + "×H×W input, got " + s);
        }
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias ? ps.getValue(biasParam, x.getDevice(), training) : null;
        return new NDList(ConvPadding.conv2d(x, w, b, stride, padding, padding, training));
    }

    @Override
    public String toString() {
        return "Conv2dLayer(" + inChannels + ", " + outChannels + ", kernel_size=" + kernelSize + ", stride="
                + stride + ", padding=" + padding + ", bias=" + bias + ")";
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

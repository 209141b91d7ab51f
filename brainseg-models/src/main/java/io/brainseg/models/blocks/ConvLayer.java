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
import io.brainseg.core.engine.EngineProbe;

/**
 * What {@link Conv2dLayer} and {@link ConvTranspose2d} share: PyTorch's settings (channels, square
 * kernel, stride, padding, bias, from a {@link ConvLayerBuilder}), a {@code weight} and an optional
 * {@code bias} parameter initialised as PyTorch does, the {@code N×C_in×H×W} input check, and the
 * engine probe at initialisation.
 *
 * <p>Both parameters are {@code U(−1/√fan_in, 1/√fan_in)} with {@code fan_in = C·k²}, where
 * {@code C} is the weight's second axis ({@code C_in} for a convolution, {@code C_out} for a
 * transposed one): torch's kaiming_uniform with a = √5 and its bias rule, which MONAI keeps and
 * its results assume.
 */
public abstract class ConvLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    final int inChannels;
    final int outChannels;
    final int kernelSize;
    final int stride;
    final int padding;
    final boolean bias;
    private final String name;
    private final Parameter weight;
    private final Parameter biasParam;

    /**
     * Creates the layer's parameters: {@code weight} of shape {@code lead0×lead1×k×k}, then
     * {@code bias} of shape {@code C_out} when the bias is on (PyTorch's order and names).
     *
     * @param name the layer's name in messages
     * @param b the settings
     * @param lead0 the weight's first axis
     * @param lead1 the weight's second axis, which is also the fan-in's channel count
     */
    ConvLayer(String name, ConvLayerBuilder<?> b, int lead0, int lead1) {
        super(VERSION);
        this.name = name;
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.kernelSize = b.kernelSize;
        this.stride = b.stride;
        this.padding = b.padding;
        this.bias = b.bias;
        float bound = (float) (1 / Math.sqrt((double) lead1 * kernelSize * kernelSize));
        weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(lead0, lead1, kernelSize, kernelSize))
                .optInitializer(new UniformInitializer(bound))
                .build());
        biasParam = bias
                ? addParameter(Parameter.builder()
                        .setName("bias")
                        .setType(Parameter.Type.BIAS)
                        .optShape(new Shape(outChannels))
                        .optInitializer(new UniformInitializer(bound))
                        .build())
                : null;
    }

    /** @return the number of input channels C_in */
    public int getInChannels() {
        return inChannels;
    }

    /** @return the number of output channels C_out */
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

    /**
     * Returns the padding on each border: zeros added around a convolution's input, rows/columns
     * removed from each border of a transposed convolution's full output.
     *
     * @return the padding
     */
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
     * @return the output length for the layer's kernel, stride and padding
     */
    public abstract long outputSize(long in);

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), outChannels, outputSize(s.get(2)), outputSize(s.get(3)))};
    }

    /**
     * Initialises the parameters and runs the engine probe for {@code manager}'s device (cached per
     * process), so training steps find the padding decision made before any gradient collector
     * opens.
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
        Nchw.require(name, x.getShape(), inChannels);
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias ? ps.getValue(biasParam, x.getDevice(), training) : null;
        return new NDList(convolve(x, w, b, training));
    }

    /**
     * Computes the layer from its parameters' values.
     *
     * @param x input {@code N×C_in×H×W} (checked); its manager receives every intermediate array
     * @param w the weight, in PyTorch's layout
     * @param b the bias {@code C_out}, or null without one
     * @param training whether the pass may be differentiated
     * @return {@code N×C_out×H'×W'}
     */
    abstract NDArray convolve(NDArray x, NDArray w, NDArray b, boolean training);
}

package io.brainseg.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * A 2-D convolution (PyTorch's {@code Conv2d}: square kernel, stride, zero padding, bias) whose
 * input gradient is right on every CPU libtorch 2.7.1 runs on.
 *
 * <p>Input {@code N×inChannels×H×W}, output {@code N×outChannels×H'×W'} with
 * {@code H' = ⌊(H + 2p − k)/s⌋ + 1}; weight {@code outChannels×inChannels×k×k}, bias
 * {@code outChannels}.
 *
 * <p>Why not DJL's own {@code Conv2d}: on AVX-512 machines libtorch's oneDNN convolution returns
 * wrong (even NaN) input gradients when the number of filters is not a multiple of 16 and the
 * kernel is larger than 1×1 (MONAI's UNet has such layers at the top: 1 output channel). This
 * block pads the filters with zeros to a multiple of 16 for those layers only and drops the extra
 * output channels; the zero filters are built on the step's manager. Inference passes
 * ({@code training = false}), which compute no input gradient, skip the padding. See
 * {@link #conv2d}.
 */
public class Conv2d extends AbstractBlock {

    /** Filter counts are padded to a multiple of this for kernels larger than 1×1. */
    static final int FILTER_BLOCK = 16;

    private static final byte VERSION = 1;

    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final boolean bias;
    private final Parameter weight;
    private final Parameter biasParam;

    /**
     * Creates the convolution.
     *
     * @param inChannels C_in ≥ 1
     * @param outChannels C_out ≥ 1
     * @param kernelSize k ≥ 1
     * @param stride s ≥ 1
     * @param padding p ≥ 0, zeros added on each border
     * @param bias whether to add a bias
     * @throws IllegalArgumentException naming the setting if one is invalid
     */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, boolean bias) {
        super(VERSION);
        check(inChannels >= 1, "inChannels", inChannels);
        check(outChannels >= 1, "outChannels", outChannels);
        check(kernelSize >= 1, "kernelSize", kernelSize);
        check(stride >= 1, "stride", stride);
        check(padding >= 0, "padding", padding);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.bias = bias;
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

    private static void check(boolean ok, String name, int value) {
        if (!ok) {
            throw new IllegalArgumentException("Conv2d: invalid " + name + " = " + value);
        }
    }

    /**
     * Convolves like {@code torch.nn.functional.conv2d} (dilation 1, one group), padding the
     * filters of a larger-than-1×1 kernel to a multiple of 16 so libtorch's backward pass is right.
     *
     * @param x input {@code N×C×H×W}; its manager receives every intermediate array
     * @param w weight {@code F×C×kh×kw}
     * @param b bias {@code F}, or null
     * @param stride the stride (both axes)
     * @param padH zero padding of the rows (each border)
     * @param padW zero padding of the columns (each border)
     * @return {@code N×F×H'×W'}
     */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray b, long stride, long padH, long padW) {
        return conv2d(x, w, b, stride, padH, padW, true);
    }

    /**
     * Convolves like {@link #conv2d(NDArray, NDArray, NDArray, long, long, long)}, padding the
     * filters only when asked: forward values are right with any filter count, so a pass that
     * computes no input gradient (inference) can skip the padding and its extra output channels
     * (about 4 % of UNet f=16's inference forward, whose top layers have one filter).
     *
     * @param x input {@code N×C×H×W}; its manager receives every intermediate array
     * @param w weight {@code F×C×kh×kw}
     * @param b bias {@code F}, or null
     * @param stride the stride (both axes)
     * @param padH zero padding of the rows (each border)
     * @param padW zero padding of the columns (each border)
     * @param guardInputGradient whether the input gradient will be computed (training), which needs
     *     the filter padding
     * @return {@code N×F×H'×W'}
     */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray b, long stride, long padH, long padW,
            boolean guardInputGradient) {
        Shape ws = w.getShape();
        long filters = ws.get(0);
        boolean pad = guardInputGradient && filters % FILTER_BLOCK != 0 && (ws.get(2) > 1 || ws.get(3) > 1);
        NDManager step = x.getManager();
        NDArray weight = w;
        NDArray bias = b;
        if (pad) {
            long extra = FILTER_BLOCK - filters % FILTER_BLOCK;
            NDArray zeros = step.zeros(new Shape(extra, ws.get(1), ws.get(2), ws.get(3)), w.getDataType(),
                    w.getDevice());
            weight = w.concat(zeros, 0);
            weight.attach(step);
            if (b != null) {
                bias = b.concat(step.zeros(new Shape(extra), b.getDataType(), b.getDevice()), 0);
                bias.attach(step);
            }
        }
        NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(x, weight, bias, new Shape(stride, stride),
                new Shape(padH, padW), new Shape(1, 1), 1).singletonOrThrow();
        return pad ? y.get(new NDIndex(":, :{}", filters)) : y;
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

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != inChannels) {
            throw new IllegalArgumentException("Conv2d expects N×" + inChannels + "×H×W input, got " + s);
        }
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias ? ps.getValue(biasParam, x.getDevice(), training) : null;
        // Only a training pass computes input gradients, the one thing the filter padding is for.
        return new NDList(conv2d(x, w, b, stride, padding, padding, training));
    }

    @Override
    public String toString() {
        return "Conv2d(" + inChannels + ", " + outChannels + ", kernel_size=" + kernelSize + ", stride=" + stride
                + ", padding=" + padding + ", bias=" + bias + ")";
    }
}

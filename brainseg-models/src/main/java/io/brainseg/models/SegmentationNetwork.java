package io.brainseg.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.brainseg.core.model.ModelSpecProvider;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link UNet} and {@link AttentionUNet} share: the level layout (channels and strides), the
 * input check, delegation to the single child block {@code model}, and the common part of the spec.
 * Input {@code N×inChannels×H×W} float32 with H and W divisible by the product of the strides;
 * output logits {@code N×outChannels×H×W}.
 */
public abstract class SegmentationNetwork extends AbstractBlock implements ModelSpecProvider {

    private static final byte VERSION = 1;

    /** Spatial dimensions (2). */
    protected final int spatialDims;
    /** Input channels. */
    protected final int inChannels;
    /** Output channels. */
    protected final int outChannels;
    /** Channels per level. */
    protected final int[] channels;
    /** Stride per level. */
    protected final int[] strides;
    /** Kernel size of the down path. */
    protected final int kernelSize;
    /** Kernel size of the up path. */
    protected final int upKernelSize;
    /** Dropout probability. */
    protected final double dropout;

    private final String name;
    private Block model;

    SegmentationNetwork(String name, NetworkBuilder<?> b) {
        super(VERSION);
        this.name = name;
        spatialDims = b.spatialDims;
        inChannels = b.inChannels;
        outChannels = b.outChannels;
        channels = b.channels.clone();
        strides = b.strides.clone();
        kernelSize = b.kernelSize;
        upKernelSize = b.upKernelSize;
        dropout = b.dropout;
    }

    /** Registers the network's body, once, as the child block {@code model}. */
    final void setModel(Block body) {
        if (model != null) {
            throw new IllegalStateException(name + ": model already set");
        }
        model = addChildBlock("model", body);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NetworkInput.check(name, inputs.singletonOrThrow().getShape(), inChannels, strides);
        return model.forward(ps, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        NetworkInput.check(name, inputShapes[0], inChannels, strides);
        return model.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        NetworkInput.check(name, inputShapes[0], inChannels, strides);
        model.initialize(manager, dataType, inputShapes);
    }

    /**
     * Returns the settings every network shares, in spec order; subclasses add theirs before dropout.
     *
     * @return a mutable map: spatialDims, inChannels, outChannels, channels, strides, kernelSize, upKernelSize
     */
    Map<String, Object> commonSpec() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spatialDims", spatialDims);
        p.put("inChannels", inChannels);
        p.put("outChannels", outChannels);
        p.put("channels", channels.clone());
        p.put("strides", strides.clone());
        p.put("kernelSize", kernelSize);
        p.put("upKernelSize", upKernelSize);
        return p;
    }

    /** @return the number of input channels */
    public int getInChannels() {
        return inChannels;
    }

    /** @return the number of output channels */
    public int getOutChannels() {
        return outChannels;
    }

    /** @return a copy of the channels per level */
    public int[] getChannels() {
        return channels.clone();
    }

    /** @return a copy of the strides per level */
    public int[] getStrides() {
        return strides.clone();
    }

    @Override
    public String toString() {
        return name + "(" + getSpec() + ")";
    }
}

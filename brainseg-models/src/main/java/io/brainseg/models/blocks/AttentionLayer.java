package io.brainseg.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MONAI's {@code AttentionLayer}: one level of the Attention U-Net.
 *
 * <p>Input x: {@code N×C×H×W}. {@code low = UpConv(submodule(x))} brings the deeper result
 * ({@code Co} channels, H/s) back to {@code N×C×H×W} (transposed conv, batch norm, ReLU, no
 * dropout); {@code att = AttentionBlock(g = low, x = x)}; output
 * {@code merge(concat([att, low]))}, where merge is MONAI's default {@link Convolution}
 * {@code 2C→C} (3×3, instance norm, dropout, PReLU). Output {@code N×C×H×W}.
 */
public class AttentionLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block submodule;
    private final Convolution upconv;
    private final AttentionBlock attention;
    private final Convolution merge;

    AttentionLayer(Builder b) {
        super(VERSION);
        // Registered in execution order, so a walk over the children follows the forward pass.
        this.submodule = addChildBlock("submodule", b.submodule);
        int padding = ConvBlock.padding(b.upKernelSize, b.stride);
        this.upconv = addChildBlock(
                "upconv",
                Convolution.builder()
                        .setInChannels(b.outChannels)
                        .setOutChannels(b.inChannels)
                        .optKernelSize(b.upKernelSize)
                        .optStride(b.stride)
                        .optPadding(padding)
                        .optOutputPadding(2 * padding - b.upKernelSize + b.stride)
                        .optTransposed(true)
                        .optAct(Act.RELU)
                        .optNorm(Norm.BATCH)
                        .build());
        this.attention = addChildBlock(
                "attention",
                AttentionBlock.builder()
                        .setIntermediateChannels(b.inChannels / 2)
                        .setGateChannels(b.inChannels)
                        .setInputChannels(b.inChannels)
                        .build());
        this.merge = addChildBlock(
                "merge",
                Convolution.builder()
                        .setInChannels(2 * b.inChannels)
                        .setOutChannels(b.inChannels)
                        .optDropout(b.dropout)
                        .build());
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList low = upconv.forward(ps, submodule.forward(ps, inputs, training, params), training, params);
        NDArray att = attention
                .forward(ps, new NDList(low.singletonOrThrow(), x), training, params)
                .singletonOrThrow();
        return merge.forward(ps, new NDList(att.concat(low.singletonOrThrow(), 1)), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape low = upconv.getOutputShapes(submodule.getOutputShapes(inputShapes))[0];
        Shape x = inputShapes[0];
        if (low.get(2) != x.get(2) || low.get(3) != x.get(3)) {
            throw new IllegalArgumentException("AttentionLayer: the deeper path maps " + x + " back to " + low
                    + "; the spatial size must be kept");
        }
        return merge.getOutputShapes(new Shape[] {new Shape(x.get(0), x.get(1) + low.get(1), x.get(2), x.get(3))});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        submodule.initialize(manager, dataType, inputShapes);
        Shape[] subOut = submodule.getOutputShapes(inputShapes);
        upconv.initialize(manager, dataType, subOut);
        Shape low = upconv.getOutputShapes(subOut)[0];
        attention.initialize(manager, dataType, low, inputShapes[0]);
        Shape x = inputShapes[0];
        merge.initialize(manager, dataType, new Shape(x.get(0), x.get(1) + low.get(1), x.get(2), x.get(3)));
    }

    /**
     * Builds an {@link AttentionLayer}; channels and the submodule are required. The channels
     * (see {@link ChannelsBuilder}) are C, those of x and of the output (≥ 2), and Co, those the
     * submodule returns; the stride (default 2, MONAI's) is the step between this level and the
     * submodule.
     */
    public static final class Builder extends ChannelsBuilder<Builder> {
        private Block submodule;
        private int upKernelSize = 3;
        private double dropout;

        Builder() {
            super("AttentionLayer", 2);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the deeper path, {@code N×C×H×W → N×Co×H/s×W/s} (required).
         *
         * @param submodule the block
         * @return this builder
         */
        public Builder setSubmodule(Block submodule) {
            this.submodule = submodule;
            return this;
        }

        /**
         * Sets the kernel size of the transposed convolution (default 3, MONAI's).
         *
         * @param upKernelSize k ≥ 1
         * @return this builder
         */
        public Builder optUpKernelSize(int upKernelSize) {
            this.upKernelSize = upKernelSize;
            return this;
        }

        /**
         * Sets the dropout rate of the merge convolution (default 0).
         *
         * @param dropout 0 ≤ p &lt; 1
         * @return this builder
         */
        public Builder optDropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Builds the layer.
         *
         * @return the layer
         * @throws IllegalArgumentException naming the setting and value if one is invalid
         */
        public AttentionLayer build() {
            validateChannels(2);
            if (submodule == null) {
                throw new IllegalArgumentException("AttentionLayer: submodule must be set");
            }
            require(upKernelSize >= 1, "upKernelSize", upKernelSize);
            requireDropout(dropout);
            ConvBlock.padding(upKernelSize, stride);
            return new AttentionLayer(this);
        }
    }
}

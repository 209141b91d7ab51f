package io.brainseg.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MONAI's {@code ResidualUnit} in 2-D: {@code y = conv(x) + residual(x)}, nothing after the add.
 *
 * <ul>
 *   <li>conv: {@code subunits} {@link Convolution}s, the first {@code in→out} with the stride, the
 *       others {@code out→out} with stride 1; with {@code lastConvOnly} the last one is a bare
 *       convolution.</li>
 *   <li>residual: a {@code k×k} convolution with the same stride and padding when
 *       {@code stride ≠ 1} (a full 3×3, not 1×1), a 1×1 convolution when only the channel count
 *       changes, the identity otherwise.</li>
 * </ul>
 * Input {@code N×in×H×W}, output {@code N×out×H/s×W/s} (for even sizes and k=3).
 */
public class ResidualUnit extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block residual;
    private final SequentialBlock conv;

    ResidualUnit(Builder b) {
        super(VERSION);
        conv = new SequentialBlock();
        int channels = b.inChannels;
        int s = b.stride;
        for (int su = 0; su < b.subunits; su++) {
            conv.add(Convolution.builder()
                    .setInChannels(channels)
                    .setOutChannels(b.outChannels)
                    .optKernelSize(b.kernelSize)
                    .optStride(s)
                    .optAct(b.act)
                    .optNorm(b.norm)
                    .optDropout(b.dropout)
                    .optConvOnly(b.lastConvOnly && su == b.subunits - 1)
                    .build());
            channels = b.outChannels;
            s = 1;
        }
        if (b.stride != 1 || b.inChannels != b.outChannels) {
            int rk = b.stride != 1 ? b.kernelSize : 1;
            int rp = (rk - 1) / 2;
            // Registered first: MONAI computes the residual before the conv path.
            residual = addChildBlock(
                    "residual",
                    Conv2dLayer.builder()
                            .setInChannels(b.inChannels)
                            .setOutChannels(b.outChannels)
                            .setKernelSize(rk)
                            .optStride(b.stride)
                            .optPadding(rp)
                            .build());
        } else {
            residual = null;
        }
        addChildBlock("conv", conv);
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
     * Returns the residual path.
     *
     * @return the residual convolution, or null for the identity
     */
    public Block getResidual() {
        return residual;
    }

    /**
     * Returns the conv path.
     *
     * @return the sequence of {@link Convolution}s
     */
    public SequentialBlock getConv() {
        return conv;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray res = residual == null
                ? inputs.singletonOrThrow()
                : residual.forward(ps, inputs, training, params).singletonOrThrow();
        NDArray cx = conv.forward(ps, inputs, training, params).singletonOrThrow();
        return new NDList(cx.add(res));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (residual != null) {
            residual.initialize(manager, dataType, inputShapes);
        }
        conv.initialize(manager, dataType, inputShapes);
    }

    /** Builds a {@link ResidualUnit}; channels are required (see {@link AdnUnitBuilder}). */
    public static final class Builder extends AdnUnitBuilder<Builder> {
        private int subunits = 2;
        private boolean lastConvOnly;

        Builder() {
            super("ResidualUnit");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the number of convolutions on the conv path (default 2, MONAI's).
         *
         * @param subunits ≥ 1
         * @return this builder
         */
        public Builder optSubunits(int subunits) {
            this.subunits = subunits;
            return this;
        }

        /**
         * Makes the last subunit a bare convolution, without its ADN unit (default false; MONAI's
         * {@code last_conv_only}, used by the UNet's top layer).
         *
         * @param lastConvOnly true for a bare last convolution
         * @return this builder
         */
        public Builder optLastConvOnly(boolean lastConvOnly) {
            this.lastConvOnly = lastConvOnly;
            return this;
        }

        /**
         * Builds the unit.
         *
         * @return the unit
         * @throws IllegalArgumentException naming the setting and value if one is invalid
         */
        public ResidualUnit build() {
            validateAdnUnit();
            require(subunits >= 1, "subunits", subunits);
            return new ResidualUnit(this);
        }
    }
}
